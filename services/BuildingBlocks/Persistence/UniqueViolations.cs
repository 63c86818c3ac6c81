using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Jade.Persistence;

public static class UniqueViolations
{
    /// <summary>
    /// Whether the save failed on a unique index, and on <paramref name="constraint"/> when one is named: a duplicate
    /// is an answer to give the caller, any other failure is not.
    /// </summary>
    public static bool IsUniqueViolation(this DbUpdateException exception, string? constraint = null) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } postgres
        && (constraint is null || postgres.ConstraintName == constraint);
}
