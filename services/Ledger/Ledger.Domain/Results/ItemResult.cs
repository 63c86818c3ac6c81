namespace Jade.Ledger.Domain.Results;

/// <summary>One result per submitted item (dense, unlike TigerBeetle's sparse wire format), so the API can
/// echo <c>{ index, id, status }</c> for every item.</summary>
public readonly record struct ItemResult<TResult>(int Index, Guid Id, TResult Result) where TResult : struct, Enum;
