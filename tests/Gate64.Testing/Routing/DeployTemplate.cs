using System.Text;
using System.Text.RegularExpressions;

namespace Gate64.Testing.Routing;

/// <summary>
/// A file shipped under <c>deploy/</c> whose <c>@NAME@</c> placeholders an operator replaces (the BIRD
/// and FRR router snippets). Tests render the shipped file itself, so what they run is what ships:
/// rendering fails when a placeholder has no value or a value has no placeholder (a typo on either side).
/// </summary>
public sealed partial class DeployTemplate
{
    private const string SolutionFile = "Gate64.slnx";

    private DeployTemplate(string relativePath, string fullPath, string text)
    {
        RelativePath = relativePath;
        FullPath = fullPath;
        Text = text;
        Placeholders = PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The path below the repository root, e.g. <c>deploy/bird/gate64.conf</c>.</summary>
    public string RelativePath { get; }

    public string FullPath { get; }

    /// <summary>The file as shipped.</summary>
    public string Text { get; }

    /// <summary>The placeholder names (without the <c>@</c>), sorted.</summary>
    public IReadOnlyList<string> Placeholders { get; }

    /// <summary>The repository root: the closest folder above the test assembly that holds <c>Gate64.slnx</c>.</summary>
    public static string RepositoryRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, SolutionFile)))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} holds {SolutionFile}");
    }

    /// <summary>Reads <paramref name="relativePath"/> (e.g. <c>deploy/bird/gate64.conf</c>) from the repository.</summary>
    public static DeployTemplate Load(string relativePath)
    {
        string fullPath = Path.Combine(RepositoryRoot(), relativePath);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"the shipped file {relativePath} is missing", fullPath);
        }

        return new DeployTemplate(relativePath, fullPath, File.ReadAllText(fullPath));
    }

    /// <summary>
    /// Replaces every <c>@NAME@</c> with <c>values[NAME]</c>. Values may be a superset only when
    /// <paramref name="allowUnused"/> is true (one dictionary shared by several files); a
    /// placeholder without a value always fails.
    /// </summary>
    public string Render(IReadOnlyDictionary<string, string> values, bool allowUnused = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        List<string> missing = Placeholders.Where(name => !values.ContainsKey(name)).ToList();
        List<string> unused = allowUnused ? [] : values.Keys.Where(name => !Placeholders.Contains(name)).ToList();
        if (missing.Count > 0 || unused.Count > 0)
        {
            StringBuilder message = new($"cannot render {RelativePath}:");
            if (missing.Count > 0)
            {
                message.Append(" no value for @").Append(string.Join("@, @", missing)).Append('@');
            }

            if (unused.Count > 0)
            {
                message.Append(" no placeholder for ").Append(string.Join(", ", unused));
            }

            throw new InvalidOperationException(message.ToString());
        }

        return PlaceholderPattern().Replace(Text, m => values[m.Groups[1].Value]);
    }

    /// <summary>Renders into <paramref name="path"/> and returns the text written.</summary>
    public string RenderTo(string path, IReadOnlyDictionary<string, string> values, bool allowUnused = false)
    {
        string text = Render(values, allowUnused);
        File.WriteAllText(path, text);
        return text;
    }

    [GeneratedRegex("@([A-Z][A-Z0-9_]*)@")]
    private static partial Regex PlaceholderPattern();
}
