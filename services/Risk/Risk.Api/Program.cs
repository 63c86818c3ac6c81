using Jade.Risk;
using Jade.Risk.Sanctions;
using Jade.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddJadeJwtBearer(audience: "risk");
builder.Services.AddRiskAuthorization();
builder.AddSanctionsScreening();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseAuthentication();
app.UseAuthorization();
app.MapSanctionsEndpoints();

await app.RunAsync();

public partial class Program;
