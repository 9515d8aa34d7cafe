using System.CommandLine.Parsing;
using System.Net;
using Gate64.Configuration;
using Gate64.Protocols.Ip;

namespace Gate64.Cli.Commands;

/// <summary>Parsers for the CLI's value types, reporting errors that name the flag and the value.</summary>
internal static class OptionParsers
{
    public static IPEndPoint[] Endpoints(ArgumentResult result) =>
        Each<IPEndPoint>(result, token => EndpointText.TryParse(token, out IPEndPoint? endpoint, out string? error) ? (endpoint, null) : (null, error));

    public static IpPrefix[] Prefixes(ArgumentResult result) =>
        Each<IpPrefix>(result, token => IpPrefix.TryParse(token, out IpPrefix prefix)
            ? (prefix, null)
            : (default, $"'{token}' is not an IP prefix such as 2001:db8::/32 or 192.0.2.0/24."));

    public static Nat64Prefix Nat64Prefix(ArgumentResult result)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (Protocols.Ip.Nat64Prefix.TryParse(token, out Nat64Prefix prefix, out string? error))
        {
            return prefix;
        }
        result.AddError($"{OptionName(result)}: {error}");
        return default;
    }

    private static T[] Each<T>(ArgumentResult result, Func<string, (T? Value, string? Error)> parse)
    {
        List<T> values = [];
        foreach (Token token in result.Tokens)
        {
            (T? value, string? error) = parse(token.Value);
            if (error is not null)
            {
                result.AddError($"{OptionName(result)}: {error}");
            }
            else
            {
                values.Add(value!);
            }
        }
        return [.. values];
    }

    private static string OptionName(ArgumentResult result) =>
        result.Parent is OptionResult option ? option.Option.Name : "argument";
}
