using Jade.Risk.Screening;

namespace Jade.Risk.Fraud.Simulation;

/// <summary>A generated transaction and its ground truth: <see cref="Scenario"/> is one of <see cref="FraudScenarios"/>
/// when <see cref="IsFraud"/>, and <see cref="Incident"/> numbers the fraud incident it belongs to (all transactions of
/// one account takeover, one mule's fan-in, …) so tests can look at a pattern as a whole.</summary>
public sealed record SimulatedTransaction(ScreeningTransaction Transaction, bool IsFraud, string? Scenario, int? Incident = null);
