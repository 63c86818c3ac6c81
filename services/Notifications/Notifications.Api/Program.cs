using Jade.Messaging.RabbitMq;
using Jade.Notifications;
using Jade.Notifications.Inbox;
using Jade.Notifications.Welcome;
using Jade.Persistence;
using Jade.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddJadeJwtBearer(audience: "notifications");
builder.AddNotificationsDatabase();
builder.Services.AddInboxFeature();
builder.Services.AddWelcomeFeature();
builder.AddRabbitMqBus("notifications");

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseAuthentication();
app.UseAuthorization();
app.MapInboxEndpoints();

await app.RunWithCommandsAsync(args);

public partial class Program;
