using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Gate64.Links;

/// <summary>
/// The text Gate64 writes on a link's host end (the Linux interface alias, the FreeBSD interface description):
/// <c>gate64 link netns=NS ipv6=ADDR [ipv4=ADDR]</c> (<c>jail=JAIL</c> on FreeBSD). It marks the interface as ours,
/// so that <c>down</c> never deletes somebody else's interface, and records what was asked for.
/// </summary>
internal sealed record LinkMarker(LinkTarget Target, IPAddress? Ipv6, IPAddress? Ipv4)
{
    public const string Prefix = "gate64 link ";

    public static string Format(LinkSpec spec) =>
        $"{Prefix}{spec.Target} ipv6={spec.Ipv6}{(spec.Ipv4 is null ? "" : $" ipv4={spec.Ipv4}")}";

    /// <summary>True when <paramref name="text"/> is a marker Gate64 wrote; unknown words are ignored (newer versions may add some).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out LinkMarker? marker)
    {
        marker = null;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        LinkTarget? target = null;
        IPAddress? ipv6 = null;
        IPAddress? ipv4 = null;
        foreach (string word in text[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }
            string value = word[(equals + 1)..];
            switch (word[..equals])
            {
                case "netns":
                    target = LinkTarget.NetworkNamespace(value);
                    break;
                case "jail":
                    target = LinkTarget.Jail(value);
                    break;
                case "ipv6":
                    ipv6 = IPAddress.TryParse(value, out IPAddress? parsed6) ? parsed6 : null;
                    break;
                case "ipv4":
                    ipv4 = IPAddress.TryParse(value, out IPAddress? parsed4) ? parsed4 : null;
                    break;
            }
        }
        if (target is null)
        {
            return false;
        }
        marker = new LinkMarker(target.Value, ipv6, ipv4);
        return true;
    }
}
