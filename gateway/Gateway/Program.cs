using Jade.Gateway.Bff;
using Jade.Gateway.Bff.Sessions;
using Jade.Gateway.Proxy;
using Jade.Gateway.RateLimiting;
using Jade.Gateway.Security;
using Jade.Gateway.Spa;
using Jade.Persistence;
using Jade.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<GatewayDb>("gateway");
builder.AddBffSession();
builder.AddGatewayProxy();
builder.AddGatewayRateLimiting();
builder.AddSpa();

var app = builder.Build();
// Headers first, so every answer (errors, 429s, proxied pages, static files) carries them.
app.UseSecurityHeaders();
app.MapDefaultEndpoints();
// Static assets need neither a session lookup nor a rate-limit permit.
app.UseSpaStaticFiles();
app.UseAuthentication();
app.UseRateLimiter();
app.MapBffEndpoints();
app.MapGatewayProxy();
app.MapSpaFallback();

await app.RunWithCommandsAsync(args);
