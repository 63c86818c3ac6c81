using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Jade.Persistence;

public static class TransactionLocks
{
    /// <summary>
    /// Serialises the callers that name the same <paramref name="key"/> until the current transaction ends: for a
    /// check-then-insert on rows that do not exist yet, where there is no row to lock.
    /// </summary>
    public static async Task LockUntilCommitAsync(this DatabaseFacade database, string key, CancellationToken ct)
    {
        if (database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A transaction-scoped lock outside a transaction would be released at once.");
        }
        await database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({key}))", ct);
    }
}
