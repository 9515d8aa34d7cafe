using System.Text.RegularExpressions;

namespace Gate64.Configuration;

/// <summary>
/// Puts the messages of an options class's own <c>Validate()</c> on the key they blame. Those
/// messages name command-line flags (<c>ingress: --permit fe80::/10 can never hold a backend</c>);
/// a flag (or a message's first word) is the key of the same name, and the value after it finds
/// the item's line. A message naming no key blames the section's header.
/// </summary>
internal static partial class ValidationReport
{
    public static void Add(TomlSection section, string sectionName, IEnumerable<string> messages)
    {
        foreach (string message in messages)
        {
            string text = message.StartsWith($"{sectionName}: ", StringComparison.Ordinal) ? message[(sectionName.Length + 2)..] : message;
            string path = section.Path;
            Match flag = Flag().Match(text);
            Match leadingKey = LeadingKey().Match(text);
            string? key = flag.Success && section.IsKnownKey(flag.Groups["key"].Value) ? flag.Groups["key"].Value
                : leadingKey.Success && section.IsKnownKey(leadingKey.Groups["key"].Value) ? leadingKey.Groups["key"].Value
                : null;
            if (key is not null)
            {
                path = section.KeyPath(key);
                Group value = flag.Success && flag.Groups["key"].Value == key ? flag.Groups["value"] : leadingKey.Groups["value"];
                if (value.Success && section.FindItem(key, value.Value.TrimEnd(':', '.', ',', ';')) is { } index && index >= 0)
                {
                    path = $"{path}[{index}]";
                }
            }
            // A value that did not parse was reported already; a check of that key then only misses it.
            if (path == section.Path || !section.Errors.HasErrorAt(path))
            {
                section.Errors.Add(path, Flag().Replace(text, match => match.Value[2..]));
            }
        }
    }

    /// <summary>A message that starts with a key and its value, the way the newer checks write them: <c>listen 0.0.0.0:9164 is …</c>.</summary>
    [GeneratedRegex(@"^(?<key>[a-z0-9][a-z0-9-]*) (?<value>\S+)")]
    private static partial Regex LeadingKey();

    /// <summary>A flag and the word after it: <c>--permit fe80::/10</c>.</summary>
    [GeneratedRegex(@"--(?<key>[a-z0-9][a-z0-9-]*)(?: (?<value>\S+))?")]
    private static partial Regex Flag();
}
