using Jade.Messaging;
using Jade.Messaging.Bus;
using Jade.Persistence;
using Jade.Persistence.Idempotency;
using Jade.Risk;
using Jade.Risk.Cases;
using Jade.Risk.Credit;
using Jade.Risk.Decisions;
using Jade.Risk.Fraud;
using Jade.Risk.Kyc;
using Jade.Risk.Reports;
using Jade.Risk.Rules;
using Jade.Risk.Sanctions;
using Jade.Risk.Screening;
using Jade.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddJadeJwtBearer(audience: "risk");
builder.AddPersonalDataProtection("jade-risk", "Risk:KeysPath");
builder.AddServiceDatabase<RiskDb>(RiskDb.Schema);
builder.Services.AddOutboxAndInbox<RiskDb>();
builder.Services.AddRiskAuthorization();
builder.AddSanctionsScreening();
builder.Services.AddFraudModel();
builder.AddTransactionScreening();
builder.Services.AddKycScreening();
builder.Services.AddCaseWithdrawals();
builder.Services.AddCreditScoring();
builder.AddIdempotencyKeys<RiskDb>();
builder.AddMessageBus("risk");

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseAuthentication();
app.UseAuthorization();
app.UseIdempotencyKeys<RiskDb>();
app.MapSanctionsEndpoints();
app.MapScreeningEndpoints();
app.MapCaseEndpoints();
app.MapRuleEndpoints();
app.MapDecisionEndpoints();
app.MapReportEndpoints();
app.MapCreditEndpoints();
app.MapMessageBus();

await app.RunWithCommandsAsync(args);

public partial class Program;
