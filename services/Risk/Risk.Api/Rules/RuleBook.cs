using System.Text.Json;
using Jade.Risk.Rules.Starter;
using Microsoft.EntityFrameworkCore;

namespace Jade.Risk.Rules;

/// <summary>One rule as it runs: its approved version's mode, action, score and parameters, with its logic.</summary>
public sealed record CompiledRule(Guid Id, string Code, int Version, string Mode, string Action, int Score, IRuleEvaluator Evaluator, RuleParameters Parameters);

/// <summary>
/// The current rule set, held in memory so screening never waits on the database for it. Replaced as a whole
/// (readers see the old or the new set, never a mix) when an approval lands here or another replica's approval is
/// noticed by <see cref="RuleBookRefresher"/>.
/// </summary>
public sealed class RuleBook
{
    private volatile IReadOnlyList<CompiledRule> _rules = [];

    public IReadOnlyList<CompiledRule> Rules => _rules;
    public bool Loaded { get; private set; }
    /// <summary>Sum of rule versions: changes whenever any rule changes, so a cheap query tells staleness.</summary>
    public long Fingerprint { get; private set; } = -1;

    public async Task LoadAsync(RiskDb db, CancellationToken ct)
    {
        var rows = await db.Rules.AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct);
        _rules = [.. rows.Select(Compile).OfType<CompiledRule>()];
        Fingerprint = rows.Sum(r => (long)r.Version);
        Loaded = true;
    }

    private static CompiledRule? Compile(RuleRow row) =>
        StarterRules.Find(row.Code) is { } evaluator
            ? new CompiledRule(row.Id, row.Code, row.Version, row.Mode, row.Action, row.Score, evaluator, new RuleParameters(ParseParameters(row.Parameters)))
            : null;

    public static Dictionary<string, long> ParseParameters(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, long>>(json) ?? [];
}

/// <summary>Loads the rule book at start-up and reloads it when another replica approved a change.</summary>
internal sealed class RuleBookRefresher(IServiceScopeFactory scopes, RuleBook book, ILogger<RuleBookRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<RiskDb>();
                var fingerprint = await db.Rules.SumAsync(r => (long)r.Version, stoppingToken);
                if (fingerprint != book.Fingerprint || !book.Loaded)
                {
                    await book.LoadAsync(db, stoppingToken);
                    logger.LogInformation("Rule book loaded: {Count} rules, fingerprint {Fingerprint}", book.Rules.Count, book.Fingerprint);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Rule book refresh failed; keeping the current rules");
            }
            await Task.Delay(Interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
