using System.Text.RegularExpressions;

namespace Jade.Deploy.Tests.Rules;

/// <summary>One Dockerfile instruction, continuation lines joined, with the build stage it belongs to.</summary>
public sealed record Instruction(int Stage, string Keyword, string Arguments, int Line);

/// <summary>A build stage: FROM [--platform=…] image [AS name].</summary>
public sealed record Stage(int Index, string Image, string? Name, IReadOnlyDictionary<string, string> Flags);

/// <summary>A Dockerfile parsed far enough for the policy rules (no variable expansion: images must be literal).</summary>
public sealed partial class Dockerfile
{
    public Dockerfile(string text)
    {
        var instructions = new List<Instruction>();
        var stages = new List<Stage>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var start = i + 1;
            var joined = line;
            while (joined.EndsWith('\\') && i + 1 < lines.Length)
            {
                joined = joined[..^1].TrimEnd() + " ";
                i++;
                var next = lines[i].Trim();
                if (next.StartsWith('#')) continue;
                joined += next;
            }
            var space = joined.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? joined : joined[..space]).ToUpperInvariant();
            var arguments = space < 0 ? "" : joined[(space + 1)..].Trim();
            if (keyword == "FROM")
            {
                var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var flags = parts.TakeWhile(p => p.StartsWith("--", StringComparison.Ordinal))
                    .Select(p => p[2..].Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
                var rest = parts.SkipWhile(p => p.StartsWith("--", StringComparison.Ordinal)).ToArray();
                var name = rest.Length >= 3 && rest[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? rest[2] : null;
                stages.Add(new Stage(stages.Count, rest.FirstOrDefault() ?? "", name, flags));
            }
            instructions.Add(new Instruction(stages.Count - 1, keyword, arguments, start));
        }
        Instructions = instructions;
        Stages = stages;
    }

    public IReadOnlyList<Instruction> Instructions { get; }
    public IReadOnlyList<Stage> Stages { get; }
    public Stage? Final => Stages.LastOrDefault();

    public IEnumerable<Instruction> In(Stage stage) => Instructions.Where(i => i.Stage == stage.Index);

    /// <summary>Images pulled from a registry (a FROM naming an earlier stage builds on that stage instead).</summary>
    public IEnumerable<Stage> ExternalStages =>
        Stages.Where(s => !Stages.Take(s.Index).Any(earlier => string.Equals(earlier.Name, s.Image, StringComparison.OrdinalIgnoreCase)));

    /// <summary>ENV key=value pairs of a stage (later ones win).</summary>
    public Dictionary<string, string> Environment(Stage stage)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instruction in In(stage).Where(i => i.Keyword == "ENV"))
        {
            foreach (Match m in EnvPair().Matches(instruction.Arguments)) env[m.Groups[1].Value] = m.Groups[2].Value.Trim('"');
        }
        return env;
    }

    /// <summary>COPY/ADD sources and destination (flags such as --from and --chown kept apart).</summary>
    public static (IReadOnlyDictionary<string, string> Flags, IReadOnlyList<string> Sources, string Destination) ParseCopy(string arguments)
    {
        var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var flags = parts.TakeWhile(p => p.StartsWith("--", StringComparison.Ordinal)).Select(p => p[2..].Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
        var paths = parts.SkipWhile(p => p.StartsWith("--", StringComparison.Ordinal)).ToList();
        return (flags, paths.Take(paths.Count - 1).ToList(), paths.LastOrDefault() ?? "");
    }

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=(""[^""]*""|\S*)")]
    private static partial Regex EnvPair();
}

/// <summary>.dockerignore patterns with Docker's semantics: later rules win, '!' re-includes, ** spans folders.</summary>
public sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclude, string Source)> _rules = [];

    public DockerIgnore(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var exclude = !line.StartsWith('!');
            var pattern = (exclude ? line : line[1..]).Trim().TrimStart('/').TrimEnd('/');
            if (pattern.StartsWith("./", StringComparison.Ordinal)) pattern = pattern[2..];
            _rules.Add((new Regex("^" + ToRegex(pattern) + "(/.*)?$"), exclude, line));
        }
    }

    /// <summary>The rule that keeps <paramref name="path"/> (repository-relative) out of the build context, or null.</summary>
    public string? Excludes(string path)
    {
        string? verdict = null;
        foreach (var (pattern, exclude, source) in _rules)
        {
            if (pattern.IsMatch(path)) verdict = exclude ? source : null;
        }
        return verdict;
    }

    private static string ToRegex(string pattern)
    {
        var regex = new System.Text.StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches zero or more folders; a trailing "**" matches everything below.
                if (i + 2 < pattern.Length && pattern[i + 2] == '/') { regex.Append("(.*/)?"); i += 2; }
                else { regex.Append(".*"); i++; }
            }
            else if (c == '*') regex.Append("[^/]*");
            else if (c == '?') regex.Append("[^/]");
            else regex.Append(Regex.Escape(c.ToString()));
        }
        return regex.ToString();
    }
}
