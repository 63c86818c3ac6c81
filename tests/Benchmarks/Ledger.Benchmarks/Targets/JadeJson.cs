using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jade.Ledger.Benchmarks.Targets;

// The ledger's wire format (camelCase, flags as snake_case names), written out here rather than borrowed from the
// service's own request types: the benchmark should break if the public contract changes.

public sealed record AccountBody(Guid Id, string Currency, int Code, IReadOnlyList<string> Flags);

public sealed record AccountsBody(IReadOnlyList<AccountBody> Accounts);

/// <summary>Post and void leave accounts, currency and amount empty: the ledger takes them from the hold.</summary>
public sealed record TransferBody(
    Guid Id, Guid? DebitAccountId, Guid? CreditAccountId, long Amount, string? Currency, int Code, IReadOnlyList<string> Flags,
    Guid? PendingId);

public sealed record TransfersBody(IReadOnlyList<TransferBody> Transfers);

public sealed record ItemResultBody(int Index, Guid Id, string Status);

public sealed record ResultsBody(IReadOnlyList<ItemResultBody> Results);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AccountsBody))]
[JsonSerializable(typeof(TransfersBody))]
[JsonSerializable(typeof(ResultsBody))]
internal sealed partial class JadeJson : JsonSerializerContext;
