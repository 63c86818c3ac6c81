using Microsoft.EntityFrameworkCore;

namespace Jade.Messaging;

internal static class TableNames
{
    /// <summary>The quoted schema-qualified table of a mapped entity; names come from the model, never from input.</summary>
    public static string QualifiedTableOf<TEntity>(this DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped; call AddOutboxAndInbox in OnModelCreating.");
        return $"\"{db.SchemaOf<TEntity>()}\".\"{entity.GetTableName()}\"";
    }

    public static string SchemaOf<TEntity>(this DbContext db) =>
        db.Model.FindEntityType(typeof(TEntity))?.GetSchema() ?? db.Model.GetDefaultSchema() ?? "public";
}
