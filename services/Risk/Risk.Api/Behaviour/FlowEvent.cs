namespace Jade.Risk.Behaviour;

/// <summary>One past money movement of an account as the tracker remembers it: when, how much (minor units), with whom
/// (null for top-ups and withdrawals, which have no payee account) and of which <see cref="Screening.TransactionTypes"/>
/// type, so rules can e.g. leave top-ups out of a structuring count.</summary>
public readonly record struct FlowEvent(DateTimeOffset At, long Amount, Guid? Counterparty, string Type);
