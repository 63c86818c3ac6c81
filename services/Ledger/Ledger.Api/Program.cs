using Jade.Ledger;
using Jade.Ledger.Accounts;
using Jade.Ledger.Balances;
using Jade.Ledger.Sagas;
using Jade.Ledger.Transfers;
using Jade.Ledger.Verification;
using Jade.Ledger.Wallets;
using Jade.Messaging;
using Jade.Messaging.Bus;
using Jade.Persistence;
using Jade.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddJadeJwtBearer(audience: "ledger");
builder.AddServiceDatabase<LedgerDb>(LedgerDb.Schema);
builder.Services.AddOutboxAndInbox<LedgerDb>();
builder.AddLedgerWritePath();
builder.Services.AddLedgerAuthorization();
builder.Services.AddBalanceHistory();
builder.Services.AddLedgerVerification();
builder.Services.AddWalletFeature();
builder.Services.AddSagaCommands();
builder.AddMessageBus("ledger");

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseAuthentication();
app.UseAuthorization();
app.MapAccountEndpoints();
app.MapTransferEndpoints();
app.MapBalanceEndpoints();
app.MapVerificationEndpoints();
app.MapMessageBus();

await app.RunWithCommandsAsync(args);

public partial class Program;
