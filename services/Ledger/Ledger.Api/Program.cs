using Jade.Ledger;
using Jade.Ledger.Accounts;
using Jade.Ledger.Transfers;
using Jade.Ledger.Wallets;
using Jade.Messaging;
using Jade.Messaging.RabbitMq;
using Jade.Persistence;
using Jade.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddJadeJwtBearer(audience: "ledger");
builder.AddServiceDatabase<LedgerDb>(LedgerDb.Schema);
builder.Services.AddOutboxAndInbox<LedgerDb>();
builder.AddLedgerWritePath();
builder.Services.AddLedgerAuthorization();
builder.Services.AddWalletFeature();
builder.AddRabbitMqBus("ledger");

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseAuthentication();
app.UseAuthorization();
app.MapAccountEndpoints();
app.MapTransferEndpoints();

await app.RunWithCommandsAsync(args);

public partial class Program;
