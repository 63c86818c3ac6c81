namespace Jade.Risk.Behaviour;

/// <summary>Memory bounds of the <see cref="BehaviourTracker"/>, per key.</summary>
public sealed record BehaviourTrackerOptions
{
    /// <summary>Payees, devices and IP addresses remembered per payer (most recently used kept).</summary>
    public int KnownSetCapacity { get; init; } = 256;

    /// <summary>Events kept per key and direction. Only merchant-like keys reach it within seven days; past it the
    /// oldest events are forgotten early, so that key's 24 h / 7 d figures become lower bounds.</summary>
    public int MaxEventsPerKey { get; init; } = 20_000;

    /// <summary>Longest <see cref="BehaviourSnapshot.PayerOutgoing24h"/> / <see cref="BehaviourSnapshot.PayerIncoming24h"/>
    /// list (the most recent are kept).</summary>
    public int MaxListedEvents { get; init; } = 256;
}
