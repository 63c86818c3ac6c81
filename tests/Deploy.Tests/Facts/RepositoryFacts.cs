using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Jade.Deploy.Tests.Facts;

/// <summary>A host the platform deploys: one per service folder under services/ (but BuildingBlocks and Contracts), and the gateway.</summary>
public sealed record HostInfo(string Name, string SourceFolder, string Project, bool IsGateway)
{
    public string ProjectDirectory => Path.GetDirectoryName(Project)!;
    public string Dockerfile => Path.Combine(ProjectDirectory, "Dockerfile");
    public override string ToString() => Name;
}

/// <summary>
/// What the code says the manifests must agree with, read from the repository itself so that a new service, endpoint,
/// route or message handler changes what the policy suite expects.
/// </summary>
public sealed partial class RepositoryFacts
{
    // Before Current: static initializers run in textual order.
    private static readonly string[] NotServices = ["BuildingBlocks", "Contracts"];

    public static RepositoryFacts Current { get; } = new(RepositoryPaths.Root);

    public RepositoryFacts(string root)
    {
        Root = root;
        Hosts = FindHosts(root);
        (LivePath, ReadyPath, MetricsPath) = ReadEndpoints(root);
        MigrateFlag = ReadMigrateFlag(root);
        GatewayClusters = ReadGatewayClusters(root);
        GatewaySpaRoot = ReadGatewaySpaRoot(root);
        var props = XDocument.Load(Path.Combine(root, "Directory.Build.props"));
        ContainerBaseImage = props.Descendants("ContainerBaseImage").Single().Value.Trim();
        ContainerUser = props.Descendants("ContainerUser").Single().Value.Trim();
        HostsPublishReadyToRun = props.Descendants("PublishReadyToRun").Any(e => e.Value.Trim() == "true");
        TargetFramework = props.Descendants("TargetFramework").Single().Value.Trim();
        using var globalJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "global.json")));
        SdkVersion = globalJson.RootElement.GetProperty("sdk").GetProperty("version").GetString()!;
    }

    public string Root { get; }

    public IReadOnlyList<HostInfo> Hosts { get; }

    public IEnumerable<HostInfo> Services => Hosts.Where(h => !h.IsGateway);

    /// <summary>The liveness and readiness paths ServiceDefaults maps, and the Prometheus scrape path.</summary>
    public string LivePath { get; }
    public string ReadyPath { get; }
    public string MetricsPath { get; }

    /// <summary>The operator command that applies migrations and exits (ServiceCommands.Migrate).</summary>
    public string MigrateFlag { get; }

    /// <summary>The gateway's YARP cluster ids (gateway/Gateway/appsettings.json ReverseProxy:Clusters).</summary>
    public IReadOnlyList<string> GatewayClusters { get; }

    /// <summary>The gateway's default Spa:Root (relative to the content root).</summary>
    public string GatewaySpaRoot { get; }

    public string ContainerBaseImage { get; }

    /// <summary>Directory.Build.props makes a host published for a runtime ReadyToRun.</summary>
    public bool HostsPublishReadyToRun { get; }
    public string ContainerUser { get; }
    public string TargetFramework { get; }
    public string SdkVersion { get; }

    public HostInfo Host(string name) => Hosts.Single(h => h.Name == name);

    /// <summary>The message types a service handles (<c>AddMessageHandler&lt;TMessage, THandler&gt;</c> under its folder).</summary>
    public IReadOnlyList<string> HandledMessageTypes(HostInfo host) =>
        SourceFiles(host).SelectMany(f => HandlerRegistration().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>(service, topic) for every message type each service handles: the subscriptions the Dapr overlay needs.</summary>
    public IEnumerable<(string Service, string Topic)> Consumers =>
        Services.SelectMany(s => HandledMessageTypes(s).Select(t => (s.Name, Topic(t))));

    /// <summary>The Dapr topic of a contract type: its name in kebab-case (UserRegistered → user-registered).</summary>
    public static string Topic(string typeName) => KebabBoundary().Replace(typeName, "-$1").ToLowerInvariant();

    public bool UsesDatabase(HostInfo host) => SourceFiles(host).Any(f => File.ReadAllText(f).Contains("AddServiceDatabase<", StringComparison.Ordinal));

    public bool UsesBus(HostInfo host) => HandledMessageTypes(host).Count > 0
        || SourceFiles(host).Any(f => BusRegistration().IsMatch(File.ReadAllText(f)));

    /// <summary>Services that validate identity's bearer tokens, and so fetch its discovery document and keys.</summary>
    public bool ValidatesBearerTokens(HostInfo host) => SourceFiles(host).Any(f => File.ReadAllText(f).Contains("AddJadeJwtBearer(", StringComparison.Ordinal));

    /// <summary>Every project file the host's build reads: the host and its ProjectReference closure (repo-relative).</summary>
    public IReadOnlyList<string> ProjectClosure(HostInfo host)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        void Visit(string project)
        {
            var full = Path.GetFullPath(project);
            if (!seen.Add(Relative(full))) return;
            foreach (var reference in XDocument.Load(full).Descendants("ProjectReference"))
            {
                Visit(Path.Combine(Path.GetDirectoryName(full)!, reference.Attribute("Include")!.Value));
            }
        }
        Visit(host.Project);
        return seen.ToList();
    }

    /// <summary>Files the host loads at run time from beside its binaries (None/Content items copied to the output).</summary>
    public IReadOnlyList<string> RuntimeContentFiles(HostInfo host)
    {
        var project = XDocument.Load(host.Project);
        var files = new List<string>();
        foreach (var item in project.Descendants().Where(e => e.Name.LocalName is "None" or "Content"))
        {
            if (item.Attribute("CopyToOutputDirectory")?.Value is not ("PreserveNewest" or "Always")) continue;
            var patterns = (item.Attribute("Update") ?? item.Attribute("Include"))!.Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var pattern in patterns)
            {
                var directory = Path.Combine(host.ProjectDirectory, Path.GetDirectoryName(pattern) ?? "");
                var matched = Directory.Exists(directory) ? Directory.GetFiles(directory, Path.GetFileName(pattern)) : [];
                if (matched.Length == 0) throw new InvalidOperationException($"{Relative(host.Project)}: {pattern} matches no file");
                files.AddRange(matched.Select(Relative));
            }
        }
        return files;
    }

    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private IEnumerable<string> SourceFiles(HostInfo host) =>
        Directory.EnumerateFiles(host.SourceFolder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static List<HostInfo> FindHosts(string root)
    {
        var hosts = new List<HostInfo>();
        foreach (var folder in Directory.GetDirectories(Path.Combine(root, "services")).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (NotServices.Contains(name)) continue;
            var project = Path.Combine(folder, $"{name}.Api", $"{name}.Api.csproj");
            if (!File.Exists(project))
            {
                throw new InvalidOperationException($"services/{name} has no host project {name}.Api/{name}.Api.csproj");
            }
            hosts.Add(new HostInfo(name.ToLowerInvariant(), folder, project, IsGateway: false));
        }
        var gateway = Path.Combine(root, "gateway", "Gateway");
        hosts.Add(new HostInfo("gateway", gateway, Path.Combine(gateway, "Gateway.csproj"), IsGateway: true));
        return hosts;
    }

    private static (string Live, string Ready, string Metrics) ReadEndpoints(string root)
    {
        var source = File.ReadAllText(Path.Combine(root, "services", "BuildingBlocks", "ServiceDefaults", "ServiceDefaultsExtensions.cs"));
        string? live = null, ready = null;
        foreach (Match m in HealthMapping().Matches(source))
        {
            var predicate = m.Groups["predicate"].Value;
            if (predicate.Contains("ReadyTag", StringComparison.Ordinal)) ready = m.Groups["path"].Value;
            else if (predicate.Contains("\"live\"", StringComparison.Ordinal)) live = m.Groups["path"].Value;
        }
        var metrics = MetricsMapping().Match(source);
        return (live ?? throw new InvalidOperationException("ServiceDefaults maps no liveness endpoint"),
                ready ?? throw new InvalidOperationException("ServiceDefaults maps no readiness endpoint"),
                metrics.Success ? metrics.Groups[1].Value : throw new InvalidOperationException("ServiceDefaults maps no Prometheus endpoint"));
    }

    private static string ReadMigrateFlag(string root)
    {
        var source = File.ReadAllText(Path.Combine(root, "services", "BuildingBlocks", "Persistence", "ServiceCommands.cs"));
        return MigrateConstant().Match(source) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("ServiceCommands.Migrate not found");
    }

    private static List<string> ReadGatewayClusters(string root)
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "gateway", "Gateway", "appsettings.json")));
        return settings.RootElement.GetProperty("ReverseProxy").GetProperty("Clusters").EnumerateObject().Select(c => c.Name).ToList();
    }

    private static string ReadGatewaySpaRoot(string root)
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "gateway", "Gateway", "appsettings.json")));
        return settings.RootElement.GetProperty("Spa").GetProperty("Root").GetString()!;
    }

    [GeneratedRegex(@"AddMessageHandler<\s*(\w+)\s*,")]
    private static partial Regex HandlerRegistration();

    [GeneratedRegex(@"\bAdd\w*Bus\(")]
    private static partial Regex BusRegistration();

    [GeneratedRegex(@"(?<!^)([A-Z])")]
    private static partial Regex KebabBoundary();

    [GeneratedRegex(@"MapHealthChecks\(""(?<path>[^""]+)""[\s\S]*?Predicate\s*=\s*(?<predicate>[^\r\n]+)")]
    private static partial Regex HealthMapping();

    [GeneratedRegex(@"MapPrometheusScrapingEndpoint\(""([^""]+)""\)")]
    private static partial Regex MetricsMapping();

    [GeneratedRegex(@"const string Migrate\s*=\s*""([^""]+)""")]
    private static partial Regex MigrateConstant();
}
