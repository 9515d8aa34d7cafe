using System.CommandLine.Parsing;
using Gate64.Links;

namespace Gate64.Cli.Commands;

/// <summary>Parsers for the <c>gate64 link</c> options.</summary>
internal static class LinkOptionParsers
{
    /// <summary><c>linux</c> or <c>freebsd</c>.</summary>
    public static LinkPlatform? Platform(ArgumentResult result)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        switch (token.ToLowerInvariant())
        {
            case "linux":
                return LinkPlatform.Linux;
            case "freebsd":
                return LinkPlatform.FreeBsd;
            default:
                result.AddError($"--platform: '{token}' is not a platform; give linux or freebsd.");
                return null;
        }
    }

    public static string PlatformName(LinkPlatform platform) => platform == LinkPlatform.Linux ? "linux" : "freebsd";
}
