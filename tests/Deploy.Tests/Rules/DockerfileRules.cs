using System.Xml.Linq;
using Jade.Deploy.Tests.Facts;

namespace Jade.Deploy.Tests.Rules;

/// <summary>Rules for each host's Dockerfile, read as text so a deliberately broken copy can be checked too.</summary>
public static class DockerfileRules
{
    public const string HealthProbeProject = "deploy/tools/HealthProbe/Jade.HealthProbe.csproj";
    public const string HealthProbeAssembly = "Jade.HealthProbe.dll";

    public static IEnumerable<string> BaseImagesArePinned(HostInfo host, Dockerfile file, RepositoryFacts facts)
    {
        foreach (var stage in file.ExternalStages)
        {
            if (stage.Image.Contains('$', StringComparison.Ordinal))
                yield return $"{host.Name}: FROM {stage.Image} is not a literal image (pin it in the Dockerfile)";
            else if (ImageReference.Parse(stage.Image).PinningProblem() is { } problem)
                yield return $"{host.Name}: FROM {stage.Image} {problem}";
        }
    }

    /// <summary>The runtime image is the SDK container path's base image, and the SDK image builds the repository's target framework.</summary>
    public static IEnumerable<string> ImagesMatchTheToolchain(HostInfo host, Dockerfile file, RepositoryFacts facts)
    {
        if (file.Final is not { } final) { yield return $"{host.Name}: no FROM"; yield break; }
        if (final.Image != facts.ContainerBaseImage)
            yield return $"{host.Name}: runtime image {final.Image} differs from ContainerBaseImage {facts.ContainerBaseImage} (Directory.Build.props)";
        var framework = facts.TargetFramework.Replace("net", "", StringComparison.Ordinal);
        var sdk = file.ExternalStages.FirstOrDefault(s => s.Image.StartsWith("mcr.microsoft.com/dotnet/sdk:", StringComparison.Ordinal));
        if (sdk is null) { yield return $"{host.Name}: no mcr.microsoft.com/dotnet/sdk build stage"; yield break; }
        var tag = ImageReference.Parse(sdk.Image).Tag ?? "";
        var version = new string(tag.TakeWhile(c => char.IsDigit(c) || c == '.').ToArray());
        if (!Version.TryParse(version, out var sdkVersion) || !version.StartsWith(framework + ".", StringComparison.Ordinal))
            yield return $"{host.Name}: SDK image {sdk.Image} does not build {facts.TargetFramework}";
        else if (sdkVersion < Version.Parse(facts.SdkVersion))
            yield return $"{host.Name}: SDK image {sdk.Image} is older than global.json's {facts.SdkVersion}";
    }

    public static IEnumerable<string> LastUserIsNonRoot(HostInfo host, Dockerfile file, RepositoryFacts facts)
    {
        var user = file.Instructions.LastOrDefault(i => i.Keyword == "USER");
        if (user is null || user.Stage != file.Final?.Index)
        {
            yield return $"{host.Name}: the final stage sets no USER, so the container runs as root";
            yield break;
        }
        var uid = user.Arguments.Split(':')[0];
        if (!long.TryParse(uid, out var number))
            yield return $"{host.Name}: USER {user.Arguments} is not a numeric uid (runAsNonRoot can only verify numbers)";
        else if (number == 0)
            yield return $"{host.Name}: USER {user.Arguments} is root";
        else if (uid != facts.ContainerUser)
            yield return $"{host.Name}: USER {uid} differs from ContainerUser {facts.ContainerUser} (Directory.Build.props)";
    }

    public static IEnumerable<string> ServesOnPort8080WithHealthCheck(HostInfo host, Dockerfile file, RepositoryFacts facts)
    {
        if (file.Final is not { } final) yield break;
        var env = file.Environment(final);
        if (env.GetValueOrDefault("ASPNETCORE_HTTP_PORTS") != "8080") yield return $"{host.Name}: the final stage does not set ASPNETCORE_HTTP_PORTS=8080";
        if (!file.In(final).Any(i => i.Keyword == "EXPOSE" && i.Arguments.Split(' ').Contains("8080"))) yield return $"{host.Name}: the final stage does not EXPOSE 8080";
        var health = file.In(final).LastOrDefault(i => i.Keyword == "HEALTHCHECK");
        if (health is null || health.Arguments.Trim().Equals("NONE", StringComparison.OrdinalIgnoreCase))
            yield return $"{host.Name}: no HEALTHCHECK";
        else if (!health.Arguments.Contains(HealthProbeAssembly, StringComparison.Ordinal))
            yield return $"{host.Name}: HEALTHCHECK does not run {HealthProbeAssembly} (the runtime image has no curl or wget)";
        if (!file.Instructions.Any(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish " + HealthProbeProject, StringComparison.Ordinal)))
            yield return $"{host.Name}: no stage publishes {HealthProbeProject}";
        var entry = file.In(final).LastOrDefault(i => i.Keyword == "ENTRYPOINT");
        var assembly = (XDocument.Load(host.Project).Descendants("AssemblyName").FirstOrDefault()?.Value ?? Path.GetFileNameWithoutExtension(host.Project)) + ".dll";
        if (entry is null || !entry.Arguments.Contains($"\"{assembly}\"", StringComparison.Ordinal))
            yield return $"{host.Name}: ENTRYPOINT does not run {assembly}";
    }

    /// <summary>The restore layer copies every project file of the host's closure before restoring, and the sources before publishing.</summary>
    public static IEnumerable<string> CopiesEveryProject(HostInfo host, Dockerfile file, RepositoryFacts facts)
    {
        var restore = file.Instructions.FirstOrDefault(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        var publish = file.Instructions.FirstOrDefault(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        if (restore is null || publish is null) { yield return $"{host.Name}: no dotnet restore/publish"; yield break; }
        var copies = file.Instructions.Where(i => i.Keyword == "COPY" && i.Stage == restore.Stage)
            .Select(i => (i.Line, Copy: Dockerfile.ParseCopy(i.Arguments))).Where(c => !c.Copy.Flags.ContainsKey("from")).ToList();
        bool CopiedBefore(int line, string path) => copies.Any(c => c.Line < line && c.Copy.Sources.Any(s =>
            s is "." or "./" || s == path || (s.EndsWith('/') && path.StartsWith(s, StringComparison.Ordinal))));
        foreach (var project in facts.ProjectClosure(host).Append(HealthProbeProject))
        {
            if (!CopiedBefore(restore.Line, project)) yield return $"{host.Name}: {project} is not copied before dotnet restore (line {restore.Line})";
            var folder = project[..(project.LastIndexOf('/') + 1)];
            if (!copies.Any(c => c.Line < publish.Line && c.Copy.Sources.Any(s => s is "." or "./" || s == folder)))
                yield return $"{host.Name}: {folder} is not copied before dotnet publish (line {publish.Line})";
        }
        foreach (var shared in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props" })
        {
            if (!CopiedBefore(restore.Line, shared)) yield return $"{host.Name}: {shared} is not copied before dotnet restore";
        }
    }

    /// <summary>
    /// The image ships precompiled (ReadyToRun), which Directory.Build.props turns on for any host published for a
    /// runtime: so the restore and the host's publish both name one, or the image falls back to JIT start-up.
    /// </summary>
    public static IEnumerable<string> PublishesReadyToRun(HostInfo host, Dockerfile file, RepositoryFacts facts)
    {
        if (!facts.HostsPublishReadyToRun) yield return "Directory.Build.props does not set PublishReadyToRun for the hosts";
        // Only the RUN's first command: the HealthProbe's restore and publish follow it after "&&".
        static bool NamesRuntime(Instruction? run) => run is not null && run.Arguments.Split("&&")[0]
            .Split([' ', '\t', '\n', '\\'], StringSplitOptions.RemoveEmptyEntries).Any(a => a is "-a" or "--arch" or "-r" or "--runtime");
        var project = Path.GetFileName(host.Project);
        var restore = file.Instructions.FirstOrDefault(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        var publish = file.Instructions.FirstOrDefault(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)
            && i.Arguments.Contains(project, StringComparison.Ordinal));
        if (!NamesRuntime(restore)) yield return $"{host.Name}: dotnet restore names no runtime (-a $TARGETARCH), so no ReadyToRun compiler is restored";
        if (!NamesRuntime(publish)) yield return $"{host.Name}: dotnet publish of {project} names no runtime (-a $TARGETARCH), so the image is not ReadyToRun";
    }

    /// <summary>The gateway image builds web-vue and puts dist/ where Spa:Root points.</summary>
    public static IEnumerable<string> GatewayCarriesTheSpa(HostInfo host, Dockerfile file, RepositoryFacts facts)
    {
        if (!host.IsGateway || file.Final is not { } final) yield break;
        var spa = file.Stages.FirstOrDefault(s => file.In(s).Any(i => i.Keyword == "RUN" && i.Arguments.Contains("npm run build", StringComparison.Ordinal)));
        if (spa is null || !file.In(spa).Any(i => i.Keyword == "RUN" && i.Arguments.Contains("npm ci", StringComparison.Ordinal)))
        {
            yield return "gateway: no stage builds web-vue with npm ci && npm run build";
            yield break;
        }
        var workdir = file.In(final).LastOrDefault(i => i.Keyword == "WORKDIR")?.Arguments ?? "/";
        var spaRoot = file.Environment(final).GetValueOrDefault("Spa__Root") ?? facts.GatewaySpaRoot;
        var expected = Path.GetFullPath(spaRoot, workdir).TrimEnd('/');
        var copied = file.In(final).Where(i => i.Keyword == "COPY").Select(i => Dockerfile.ParseCopy(i.Arguments))
            .Where(c => string.Equals(c.Flags.GetValueOrDefault("from"), spa.Name ?? spa.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase))
            .Select(c => Path.GetFullPath(c.Destination, workdir).TrimEnd('/'));
        if (!copied.Contains(expected))
            yield return $"gateway: the built SPA is not copied to {expected}, where Spa:Root ({spaRoot}) points";
    }

    /// <summary>.dockerignore keeps nothing out that an image needs: project files, shared props, files loaded at run time.</summary>
    public static IEnumerable<string> BuildContextKeepsWhatImagesNeed(DockerIgnore ignore, RepositoryFacts facts)
    {
        var needed = new List<string> { "global.json", "Directory.Build.props", "Directory.Packages.props", HealthProbeProject, "deploy/tools/HealthProbe/Program.cs" };
        foreach (var host in facts.Hosts)
        {
            needed.Add(facts.Relative(host.Dockerfile));
            needed.AddRange(facts.ProjectClosure(host));
            needed.AddRange(facts.RuntimeContentFiles(host));
            needed.Add(facts.Relative(Path.Combine(host.ProjectDirectory, "Program.cs")));
            needed.Add(facts.Relative(Path.Combine(host.ProjectDirectory, "appsettings.json")));
            if (host.IsGateway) needed.AddRange(["web-vue/package.json", "web-vue/package-lock.json", "web-vue/index.html", "web-vue/src/main.ts"]);
        }
        foreach (var path in needed.Distinct())
        {
            if (ignore.Excludes(path) is { } rule) yield return $".dockerignore rule '{rule}' keeps {path} out of the build context";
        }
    }
}
