using System.Text.RegularExpressions;

namespace Jade.Deploy.Tests.Rules;

/// <summary>An image reference split the way a container runtime reads it: [registry/]repository[:tag][@digest].</summary>
public sealed partial record ImageReference(string Repository, string? Tag, string? Digest)
{
    public static ImageReference Parse(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var digest = at >= 0 ? image[(at + 1)..] : null;
        var rest = at >= 0 ? image[..at] : image;
        var colon = rest.LastIndexOf(':');
        // A colon before the last slash belongs to a registry port (registry:5000/repo), not to a tag.
        return colon > rest.LastIndexOf('/')
            ? new ImageReference(rest[..colon], rest[(colon + 1)..], digest)
            : new ImageReference(rest, null, digest);
    }

    /// <summary>Null when pinned by an explicit tag (or digest), else why not.</summary>
    public string? PinningProblem()
    {
        if (Tag is null && Digest is null) return "has no tag";
        if (Tag is not null && Tag.Equals("latest", StringComparison.OrdinalIgnoreCase)) return "uses the moving tag 'latest'";
        if (Tag is not null && !TagPattern().IsMatch(Tag)) return $"has a malformed tag '{Tag}'";
        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();
}
