using Jade.Messaging.Bus;
using Jade.Notifications;
using Jade.Notifications.Composing;
using Jade.Notifications.Deliveries;
using Jade.Notifications.Inbox;
using Jade.Notifications.Live;
using Jade.Notifications.Preferences;
using Jade.Notifications.Webhooks;
using Jade.Persistence;
using Jade.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddJadeJwtBearer(audience: "notifications");
builder.AddNotificationsDatabase();
builder.Services.AddInboxFeature();
builder.Services.AddNotificationsPolicies();
builder.Services.AddNotificationEvents();
builder.AddNotificationDelivery();
builder.AddWebhooks();
builder.AddMessageBus("notifications");

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.MapInboxEndpoints();
app.MapPreferenceEndpoints();
app.MapDeliveryEndpoints();
app.MapHub<NotificationHub>(NotificationHub.Path);
app.MapWebhookEndpoints();
app.MapMessageBus();

await app.RunWithCommandsAsync(args);

public partial class Program;
