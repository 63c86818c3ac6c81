using Jade.Messaging;
using Jade.Messaging.Bus;
using Jade.Payments;
using Jade.Payments.Cards;
using Jade.Payments.Customers;
using Jade.Payments.HeldPayments;
using Jade.Payments.Limits;
using Jade.Payments.Orders;
using Jade.Payments.Partners;
using Jade.Payments.Pins;
using Jade.Payments.Reconciliation;
using Jade.Payments.Channels;
using Jade.Payments.Sagas;
using Jade.Payments.TopUps;
using Jade.Payments.Transfers;
using Jade.Payments.Withdrawals;
using Jade.Persistence;
using Jade.Persistence.Idempotency;
using Jade.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddJadeJwtBearer(audience: "payments");
builder.AddPersonalDataProtection("jade-payments", "Payments:KeysPath");
builder.AddServiceDatabase<PaymentsDb>(PaymentsDb.Schema);
builder.Services.AddOutboxAndInbox<PaymentsDb>();
builder.AddIdempotencyKeys<PaymentsDb>();
builder.Services.AddPaymentsAuthorization();
builder.Services.AddPaymentsRateLimits(builder.Configuration);
builder.AddCustomerDirectory();
builder.Services.AddPaymentPin();
builder.Services.AddPaymentSagas(builder.Configuration);
builder.Services.AddPaymentOutcomes();
builder.Services.AddPaymentChannels(builder.Configuration);
builder.Services.AddReconciliation();
builder.AddMessageBus("payments");

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseIdempotencyKeys<PaymentsDb>();
app.MapBankCardEndpoints();
app.MapPayeeEndpoints();
app.MapRecentPayees();
app.MapPinEndpoints();
app.MapLimitEndpoints();
app.MapTransferEndpoints();
app.MapTopUpEndpoints();
app.MapWithdrawalEndpoints();
app.MapChannelWebhooks();
app.MapPartnerPaymentEndpoints();
app.MapOrderEndpoints();
app.MapPaymentCancellation();
app.MapSuspenseEndpoints();
app.MapMessageBus();

await app.RunWithCommandsAsync(args);

public partial class Program;
