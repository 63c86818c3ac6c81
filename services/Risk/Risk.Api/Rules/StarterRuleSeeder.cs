using System.Text.Json;
using Jade.Persistence;
using Jade.Risk.Rules.Starter;
using Microsoft.EntityFrameworkCore;

namespace Jade.Risk.Rules;

/// <summary>
/// Runs after the schema migration (as part of <c>--migrate</c>) and inserts any starter rule that has no row yet,
/// as version 1 approved by "system". Existing rules are never touched: officers own them from then on.
/// </summary>
internal sealed class StarterRuleSeeder(IServiceScopeFactory scopes, TimeProvider time, ILogger<StarterRuleSeeder> logger) : IDatabaseMigrator
{
    public const string System = "system";

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RiskDb>();
        var existing = await db.Rules.Select(r => r.Code).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var evaluator in StarterRules.All.Where(e => !existing.Contains(e.Code)))
        {
            var id = Guid.CreateVersion7(now);
            var parameters = JsonSerializer.Serialize(evaluator.DefaultParameters);
            db.Rules.Add(new RuleRow
            {
                Id = id, Code = evaluator.Code, Name = evaluator.Name, Description = evaluator.Description, Mode = RuleModes.Active,
                Action = evaluator.DefaultAction, Score = evaluator.DefaultScore, Parameters = parameters, Version = 1,
                UpdatedAt = now, ApprovedBy = System,
            });
            db.RuleVersions.Add(new RuleVersionRow
            {
                RuleId = id, Version = 1, Mode = RuleModes.Active, Action = evaluator.DefaultAction, Score = evaluator.DefaultScore,
                Parameters = parameters, ProposedBy = System, ApprovedBy = System, ApprovedAt = now, Comment = "Starter rule",
            });
            logger.LogInformation("Seeded starter rule {Code}", evaluator.Code);
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
