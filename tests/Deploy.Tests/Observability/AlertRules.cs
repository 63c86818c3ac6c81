using YamlDotNet.RepresentationModel;

namespace Jade.Deploy.Tests.Observability;

/// <summary>One alerting rule of a Prometheus rules file.</summary>
internal sealed record AlertRule(string Name, string Expression, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);

internal static class AlertRules
{
    public static IReadOnlyList<AlertRule> Parse(string rulesYaml) =>
        [.. Yaml.Root(rulesYaml).Sequence("groups")
            .SelectMany(group => ((YamlMappingNode)group).Sequence("rules").Cast<YamlMappingNode>())
            .Where(rule => rule.Scalar("alert") is not null)
            .Select(rule => new AlertRule(rule.Scalar("alert")!, rule.Scalar("expr")!, rule.Map("labels"), rule.Map("annotations")))];

    public static IReadOnlyList<AlertRule> Load() => Parse(File.ReadAllText(ObservabilityFiles.Rules));
}

/// <summary>Just enough YamlDotNet to walk Prometheus files.</summary>
internal static class Yaml
{
    public static YamlMappingNode Root(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    public static string? Scalar(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    public static IReadOnlyList<YamlNode> Sequence(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? [.. ((YamlSequenceNode)value).Children] : [];

    public static IReadOnlyDictionary<string, string> Map(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? ((YamlMappingNode)value).Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value!)
            : new Dictionary<string, string>();
}
