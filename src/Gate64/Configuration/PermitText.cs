using System.Diagnostics.CodeAnalysis;
using Gate64.Ingress;
using Gate64.Protocols.Ip;

namespace Gate64.Configuration;

/// <summary>
/// Parses a permitted backend prefix, <c>PREFIX[=MODE]</c> with MODE one of none, proxy-v1,
/// proxy-v2, nat46. Shared by <c>--permit</c> and <c>[ingress] permit</c>.
/// </summary>
public static class PermitText
{
    /// <param name="text">The value as written.</param>
    /// <param name="prefix">The prefix.</param>
    /// <param name="mode">The mode after '=', or null when none was written (the proxy-protocol default applies).</param>
    /// <param name="error">Why the text is not a permitted prefix.</param>
    public static bool TryParse(string text, out IpPrefix prefix, out ClientAddressMode? mode, [NotNullWhen(false)] out string? error)
    {
        mode = null;
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        string prefixText = equals < 0 ? text : text[..equals];
        if (!IpPrefix.TryParse(prefixText, out prefix))
        {
            error = $"'{prefixText}' is not an IP prefix such as 2001:db8::/32.";
            return false;
        }
        if (equals >= 0)
        {
            if (!PermittedPrefix.TryParseMode(text[(equals + 1)..], out ClientAddressMode parsed))
            {
                error = $"'{text}': the mode after '=' is none, proxy-v1, proxy-v2 or nat46.";
                return false;
            }
            mode = parsed;
        }
        error = null;
        return true;
    }
}
