using Jade.Identity.Account;
using Jade.Identity.Audit;
using Jade.Identity.Devices;
using Jade.Identity.Kyc;
using Jade.Identity.Localization;
using Jade.Identity.Oidc;
using Jade.Identity.Passkeys;
using Jade.Identity.Profile;
using Jade.Identity.Registration;
using Jade.Identity.Seeding;
using Jade.Identity.Sessions;
using Jade.Identity.StepUp;
using Jade.Identity.Support;
using Jade.Identity.TwoFactor;
using Jade.Identity.Users;
using Jade.Messaging;
using Jade.Messaging.Bus;
using Jade.Persistence;
using Jade.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<IdentityDb>(IdentityDb.Schema);
builder.Services.AddOutboxAndInbox<IdentityDb>();
builder.Services.AddJadeIdentity(builder.Configuration);
builder.Services.AddJadeOidcServer(builder.Configuration, builder.Environment);
builder.Services.AddJadeLocalization();
builder.Services.AddAccountPages();
builder.Services.AddRegistration();
builder.Services.AddDeviceRecognition();
builder.Services.AddDevSeeding();
builder.Services.AddKyc(builder.Configuration);
builder.Services.AddStepUp();
builder.Services.AddPasskeys(builder.Configuration);
builder.Services.AddSessions();
builder.Services.AddSupport();
builder.AddMessageBus("identity");

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseRequestLocalization();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.MapCultureSwitch();
app.MapRazorPages();
app.MapOidcEndpoints();
app.MapRegistrationEndpoints();
app.MapProfileEndpoints();
app.MapTwoFactorEndpoints();
app.MapStepUpEndpoints();
app.MapPasskeyEndpoints();
app.MapSecurityActivityEndpoints();
app.MapKycEndpoints();
app.MapSupportEndpoints();
app.MapSessionEndpoints();
app.MapMessageBus();

if (!await DevSeedCommand.TryRunAsync(app, args))
{
    await app.RunWithCommandsAsync(args);
}

/// <summary>Entry point, visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
