using System.Globalization;
using System.Net;

namespace Gate64.Testing;

/// <summary>The command line of a <see cref="Gate64IngressProcess"/>: <c>gate64 ingress …</c>.</summary>
public sealed record Gate64IngressOptions
{
    /// <summary><c>--listen ADDR:PORT[=BACKEND_PORT]</c> values, e.g. <c>198.51.100.1:443</c>.</summary>
    public required IReadOnlyList<string> Listen { get; init; }

    public required IPEndPoint Resolver { get; init; }

    /// <summary><c>--permit PREFIX[=MODE]</c> values; empty passes none (the CLI then refuses everything).</summary>
    public IReadOnlyList<string> Permit { get; init; } = [];

    /// <summary><c>--proxy-protocol v1|v2</c>: the mode of the permits without one; null passes nothing.</summary>
    public string? ProxyProtocol { get; init; }

    public string? Nat46Prefix { get; init; }

    public double? FirstBytesTimeoutSeconds { get; init; }

    public double? ConnectTimeoutSeconds { get; init; }

    public double? IdleTimeoutSeconds { get; init; }

    public int? MaxConnections { get; init; }

    /// <summary>More arguments appended as they are.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>The arguments after <c>gate64</c>.</summary>
    public IReadOnlyList<string> ToArguments()
    {
        List<string> arguments = ["ingress"];
        foreach (string listen in Listen)
        {
            arguments.AddRange(["--listen", listen]);
        }

        arguments.AddRange(["--resolver", Resolver.ToString()]);
        foreach (string permit in Permit)
        {
            arguments.AddRange(["--permit", permit]);
        }

        Add(arguments, "--proxy-protocol", ProxyProtocol);
        Add(arguments, "--nat46-prefix", Nat46Prefix);
        Add(arguments, "--first-bytes-timeout", FirstBytesTimeoutSeconds);
        Add(arguments, "--connect-timeout", ConnectTimeoutSeconds);
        Add(arguments, "--idle-timeout", IdleTimeoutSeconds);
        Add(arguments, "--max-connections", MaxConnections);
        arguments.AddRange(ExtraArguments);
        return arguments;
    }

    private static void Add(List<string> arguments, string flag, string? value)
    {
        if (value is not null)
        {
            arguments.AddRange([flag, value]);
        }
    }

    private static void Add(List<string> arguments, string flag, double? value) =>
        Add(arguments, flag, value?.ToString(CultureInfo.InvariantCulture));

    private static void Add(List<string> arguments, string flag, int? value) =>
        Add(arguments, flag, value?.ToString(CultureInfo.InvariantCulture));
}
