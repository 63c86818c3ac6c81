using Jade.RailSimulator;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddOptions<SimulatorOptions>().BindConfiguration("Simulator")
    .Validate(o => o.AcquirerSecret.Length >= 16 && o.PayoutSecret.Length >= 16, "Simulator:AcquirerSecret and Simulator:PayoutSecret need 16+ characters.")
    .ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHttpClient("notify", c => c.Timeout = TimeSpan.FromSeconds(10));
builder.Services.AddSingleton<Notifier>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<Notifier>());

var app = builder.Build();
app.UseMiddleware<SignedRequests>();
app.MapGet("/health/ready", () => Results.Ok(new { status = "Healthy" }));
app.MapAcquiring();
app.MapPayouts();
app.MapSms();
app.Run();
