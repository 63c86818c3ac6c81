using Jade.Deploy.Tests.Manifests;

namespace Jade.Deploy.Tests;

/// <summary>One change to a file: replace text, cut everything from a marker on, append, or create a file.</summary>
public sealed record Edit(string File, string? Find, string? Replacement, string Mode)
{
    public static Edit Replace(string file, string find, string replacement) => new(file, find, replacement, "replace");
    public static Edit CutFrom(string file, string marker) => new(file, marker, null, "cut");
    public static Edit Append(string file, string text) => new(file, null, text, "append");
    public static Edit Create(string file, string content) => new(file, null, content, "create");

    public string Apply(string text, string name) => Mode switch
    {
        "replace" => text.IndexOf(Find!, StringComparison.Ordinal) is var i and >= 0
            ? string.Concat(text.AsSpan(0, i), Replacement, text.AsSpan(i + Find!.Length))
            : throw new InvalidOperationException($"{name} does not contain the text to break: {Find}"),
        "cut" => text.IndexOf(Find!, StringComparison.Ordinal) is var j and >= 0
            ? text[..j]
            : throw new InvalidOperationException($"{name} does not contain the marker: {Find}"),
        "append" => text + Replacement,
        _ => throw new InvalidOperationException(Mode),
    };

    public override string ToString() => $"{Mode} {File}";
}

/// <summary>A copy of k8s/ in a temporary folder with deliberate breakage, rendered like the real overlays.</summary>
public sealed class BrokenCopy : IDisposable
{
    private readonly string _scratch;

    private BrokenCopy(string scratch) => _scratch = scratch;

    public string K8s => Path.Combine(_scratch, "k8s");

    public static BrokenCopy Of(IEnumerable<Edit> edits)
    {
        var copy = new BrokenCopy(Path.Combine(Path.GetTempPath(), "jade-broken-k8s-" + Guid.NewGuid().ToString("N")));
        CopyDirectory(RepositoryPaths.K8s, copy.K8s);
        foreach (var edit in edits)
        {
            var path = Path.Combine(copy.K8s, edit.File);
            if (edit.Mode == "create") File.WriteAllText(path, edit.Replacement);
            else File.WriteAllText(path, edit.Apply(File.ReadAllText(path), edit.File));
        }
        return copy;
    }

    public RenderedOverlay Render(string overlay) => Kustomize.RenderOverlay(overlay, Path.Combine(K8s, "overlays", overlay));

    public void Dispose()
    {
        try { Directory.Delete(_scratch, recursive: true); }
        catch (IOException) { /* a temp folder left behind is harmless */ }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}
