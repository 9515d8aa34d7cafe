using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using Gate64.Configuration;
using Gate64.Ingress;
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

    /// <summary><c>ADDR:PORT[=BACKEND_PORT]</c>: without '=', the backend port is the listening port.</summary>
    public static IngressListenerOptions[] Listeners(ArgumentResult result) =>
        Each<IngressListenerOptions>(result, token => ListenerText.TryParse(token, out IngressListenerOptions? listener, out string? error) ? (listener, null) : (null, error));

    /// <summary><c>PREFIX[=MODE]</c> with MODE one of none, proxy-v1, proxy-v2, nat46.</summary>
    public static PermitArgument[] PermittedPrefixes(ArgumentResult result) =>
        Each<PermitArgument>(result, token => PermitText.TryParse(token, out IpPrefix prefix, out ClientAddressMode? mode, out string? error)
            ? (new PermitArgument(prefix, mode), null)
            : (null, error));

    /// <summary>A number of seconds: finite, above 0, at most a day.</summary>
    public static double Seconds(ArgumentResult result)
    {
        string token = SingleToken(result);
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
            && double.IsFinite(seconds) && seconds > 0 && seconds <= 86_400)
        {
            return seconds;
        }
        result.AddError($"{OptionName(result)}: '{token}' is not a number of seconds above 0 and at most 86400.");
        return 0;
    }

    /// <summary>A parser for whole numbers from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public static Func<ArgumentResult, int> IntegerBetween(int minimum, int maximum) => result =>
    {
        string token = SingleToken(result);
        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= minimum && value <= maximum)
        {
            return value;
        }
        result.AddError($"{OptionName(result)}: '{token}' is not a whole number from {minimum} to {maximum}.");
        return 0;
    };

    private static string SingleToken(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;

    /// <summary>Prints configuration errors; true when there were any.</summary>
    public static bool ReportErrors(IReadOnlyList<string> errors)
    {
        foreach (string error in errors)
        {
            Console.Error.WriteLine($"gate64: {error}");
        }
        return errors.Count > 0;
    }

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

    internal static T[] Each<T>(ArgumentResult result, Func<string, (T? Value, string? Error)> parse)
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

    internal static string OptionName(ArgumentResult result) =>
        result.Parent is OptionResult option ? option.Option.Name : "argument";
}
