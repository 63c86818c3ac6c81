using System.Text.Json;
using Jade.Contracts.Risk;
using Jade.Messaging;
using Jade.Risk.Behaviour;
using Jade.Risk.Cases;
using Jade.Risk.Customers;
using Jade.Risk.Decisions;
using Jade.Risk.Fraud;
using Jade.Risk.Rules;
using Jade.Risk.Sanctions;

namespace Jade.Risk.Screening;

/// <summary>The answer to one screening; the same answer again for a repeated transaction id.</summary>
public sealed record ScreeningResult(DecisionRow Decision, IReadOnlyList<DecisionReason> Reasons);

/// <summary>
/// Screens one transaction in memory — behaviour windows, sanctions on the payee name, the fraud model, every
/// active and shadow rule — and builds the decision record (and a review case) for the caller to make durable.
/// Nothing here touches the database, which is what keeps a screening within a few milliseconds.
/// </summary>
public sealed class TransactionScreener(
    BehaviourTracker tracker,
    RuleBook rules,
    FraudScorer model,
    SanctionsMatcher sanctions,
    CustomerDirectory customers,
    TimeProvider time)
{
    private const string FraudModelRule = "fraud_model";

    public DecisionWrite Evaluate(ScreeningTransaction tx, string? correlationId, bool replyOnBus)
    {
        var behaviour = tracker.Snapshot(tx);
        // A payee inside Jade passed the sanctions screen at KYC; only money leaving to an outside name is screened here.
        var payeeMatch = tx is { PayeeId: null, PayeeName: { Length: > 0 } name } ? sanctions.Screen(new ScreeningQuery(name)).FirstOrDefault() : null;
        var fraud = model.Score(tx, behaviour, explain: false);
        var input = new RuleInput(tx, behaviour, customers.KycLevelOf(tx.PayerId), payeeMatch, fraud.Probability);

        var ruled = rules.Evaluate(input);
        var (outcome, reasons, shadow) = (ruled.Outcome, ruled.Reasons, ruled.ShadowReasons);
        var score = Math.Max((int)MathF.Round(fraud.Probability * 1000), ruled.Score);
        // When the model's own threshold rule acted, the features that drove the probability explain it, right after it.
        var modelRule = reasons.FindIndex(r => r.RuleCode == FraudModelRule && r.Code != RuleBook.RuleErrorCode);
        if (modelRule >= 0)
        {
            reasons.InsertRange(modelRule + 1, model.Score(tx, behaviour).TopContributions.Select(c =>
                new DecisionReason(c.ReasonCode, $"Model feature {c.Feature} raised the fraud score.", FraudModelRule, null)));
        }

        var now = time.GetUtcNow();
        var decisionId = Guid.CreateVersion7(now);
        var caseId = outcome == Outcomes.Review ? Guid.CreateVersion7(now) : (Guid?)null;
        var reasonsJson = JsonSerializer.Serialize(reasons, JsonSerializerOptions.Web);
        var decision = new DecisionRow
        {
            Id = decisionId, TransactionId = tx.TransactionId, Type = tx.Type, Amount = tx.Amount, Currency = tx.Currency,
            // Only an outside payee's name is kept (encrypted): an inside payee is known by id.
            PayerId = tx.PayerId, PayeeId = tx.PayeeId, PayeeName = tx.PayeeId is null ? tx.PayeeName : null, Channel = tx.Channel, DeviceId = tx.DeviceId,
            IpAddress = tx.IpAddress, OccurredAt = tx.OccurredAt, DecidedAt = now, Outcome = outcome, Score = Math.Min(score, 1000),
            ModelScore = fraud.Probability, ModelVersion = fraud.ModelVersion, Reasons = reasonsJson,
            ShadowReasons = JsonSerializer.Serialize(shadow, JsonSerializerOptions.Web), CaseId = caseId,
        };
        var outbox = new List<OutboxMessage>();
        CaseRow? reviewCase = null;
        if (caseId is { } id)
        {
            reviewCase = new CaseRow
            {
                Id = id, Kind = CaseKinds.Transaction, Status = CaseStatus.Open, CustomerId = tx.PayerId, SubjectId = tx.TransactionId,
                DecisionId = decisionId, OpenedAt = now, Score = decision.Score, Reasons = reasonsJson,
                Summary = $"{tx.Type} {tx.Amount / 100m:0.00} {tx.Currency}: {string.Join(", ", reasons.Where(r => r.Action is not null).Select(r => r.Code))}",
            };
            outbox.Add(OutboxMessage.For(new CaseOpened(id, CaseKinds.Transaction, tx.TransactionId, tx.PayerId, now), now, correlationId));
        }
        if (replyOnBus)
        {
            outbox.Add(OutboxMessage.For(ToMessage(decision, reasons), now, correlationId));
        }
        return new DecisionWrite(decision, reviewCase, outbox);
    }

    /// <summary>Counts the transaction in the behaviour windows once its decision is durable. Declined money never
    /// moves, so it does not count towards the customer's velocity.</summary>
    public void Commit(DecisionRow decision, ScreeningTransaction tx)
    {
        if (decision.Outcome != Outcomes.Decline) tracker.Record(tx);
    }

    public static TransactionScreened ToMessage(DecisionRow decision, IReadOnlyList<DecisionReason> reasons) =>
        new(decision.TransactionId, decision.Id, decision.Outcome, decision.Score, [.. reasons.Select(r => r.Code)], decision.CaseId);
}
