namespace Jade.Persistence.Idempotency;

/// <summary>
/// The request feature an endpoint reads to key what it creates by the caller's <c>Idempotency-Key</c>.
/// <see cref="LeaseTakenOver"/>: an earlier request with this key never recorded its answer (its process died, or the
/// record failed), so whatever it created may exist already and the endpoint should answer with that.
/// </summary>
public sealed record IdempotencyClaim(string Key, bool LeaseTakenOver);
