using Jade.Payments;
using Jade.Payments.Cards;
using Jade.Persistence;
using Jade.Persistence.Idempotency;
using Jade.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddJadeJwtBearer(audience: "payments");
builder.AddPersonalDataProtection("jade-payments", "Payments:KeysPath");
builder.AddServiceDatabase<PaymentsDb>(PaymentsDb.Schema);
builder.AddIdempotencyKeys<PaymentsDb>();
builder.Services.AddPaymentsAuthorization();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseAuthentication();
app.UseAuthorization();
app.UseIdempotencyKeys<PaymentsDb>();
app.MapBankCardEndpoints();

await app.RunWithCommandsAsync(args);

public partial class Program;
