using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gate64.Configuration;
using Gate64.Diagnostics;
using Gate64.Ingress;
using Gate64.Protocols.Ip;
using Gate64.Protocols.Names;
using Gate64.Resolver;
using Microsoft.Extensions.DependencyInjection;

namespace Gate64.Cli.Commands;

/// <summary>
/// <c>gate64 check NAME</c>: tells a customer or operator whether ingress will work for NAME, and what
/// to fix. Exit codes: 0 it works, 1 it does not, 3 it works with warnings, 2 usage error.
/// </summary>
internal static class CheckCommand
{

    public static Command Create()
    {
        Argument<string> name = new("NAME")
        {
            Description = "The site's host name, e.g. example.org.",
        };
        Option<IPEndPoint?> resolver = new("--resolver")
        {
            Description = "Recursive resolver to ask, e.g. 127.0.0.1:53 or [2001:db8::53]:53. Default: the first nameserver in /etc/resolv.conf.",
            HelpName = "ADDR:PORT",
            CustomParser = ParseResolver,
        };
        Option<PermitArgument[]> permit = new("--permit")
        {
            Description = "Prefix the site's server must be inside, as given to the ingress (PREFIX[=MODE]; the mode is ignored here). Repeatable.",
            HelpName = "PREFIX",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = OptionParsers.PermittedPrefixes,
        };
        Option<IPAddress[]> gateway = new("--gateway")
        {
            Description = "The gateway's public IPv4 address that A records should point at. Repeatable. Default: every non-loopback IPv4 address of this host.",
            HelpName = "ADDR",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = ParseGatewayAddresses,
        };
        Option<double> timeout = new("--timeout")
        {
            Description = "The most each probe (DNS lookup, connect, TLS handshake, HTTP request) may take, in seconds.",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => 5,
            CustomParser = ParseSeconds,
        };
        Option<int> httpPort = new("--port-http")
        {
            Description = "The backend port plain HTTP is forwarded to (for labs).",
            HelpName = "N",
            DefaultValueFactory = _ => 80,
            CustomParser = ParsePort,
        };
        Option<int> httpsPort = new("--port-https")
        {
            Description = "The backend port TLS is forwarded to (for labs).",
            HelpName = "N",
            DefaultValueFactory = _ => 443,
            CustomParser = ParsePort,
        };
        Option<bool> json = new("--json")
        {
            Description = "Write the report as JSON (for scripts); the exit code is the same.",
        };

        Command command = new("check",
            "Tell whether ingress will work for NAME: A record at the gateway, AAAA record inside a permitted prefix, " +
            "TCP to ports 80 and 443, TLS with NAME as SNI, HTTP to /.well-known/acme-challenge/. " +
            "Exit code 0: it works; 1: it does not; 3: it works with warnings; 2: usage error.")
        {
            name, resolver, permit, gateway, timeout, httpPort, httpsPort, json,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            TextWriter output = parseResult.InvocationConfiguration.Output;
            TextWriter error = parseResult.InvocationConfiguration.Error;
            string nameText = parseResult.GetValue(name) ?? string.Empty;
            if (!HostName.TryNormalize(nameText, out string? normalized, out HostNameError nameError))
            {
                await error.WriteLineAsync($"gate64 check: '{nameText}' is not a host name ({Describe(nameError)}).").ConfigureAwait(false);
                return GateCommandLine.UsageErrorExitCode;
            }
            IPEndPoint? upstream = parseResult.GetValue(resolver);
            if (upstream is null)
            {
                upstream = ResolvConf.FirstNameserver(ResolvConf.DefaultPath, out string? resolvConfError);
                if (upstream is null)
                {
                    await error.WriteLineAsync($"gate64 check: {resolvConfError}").ConfigureAwait(false);
                    return GateCommandLine.UsageErrorExitCode;
                }
            }
            IReadOnlyList<PermittedPrefix> permitted = [.. (parseResult.GetValue(permit) ?? []).Select(argument => new PermittedPrefix(argument.Prefix, argument.Mode ?? ClientAddressMode.None))];
            IPAddress[] gatewayAddresses = parseResult.GetValue(gateway) is { Length: > 0 } given ? given : [.. GatewayAddresses.OfThisHost()];
            TimeSpan probeTimeout = TimeSpan.FromSeconds(parseResult.GetValue(timeout));
            IngressCheckOptions options = new()
            {
                GatewayAddresses = gatewayAddresses,
                Timeout = probeTimeout,
                HttpPort = parseResult.GetValue(httpPort),
                HttpsPort = parseResult.GetValue(httpsPort),
                ResolverText = upstream.ToString(),
            };

            IngressCheckReport report = await RunAsync(normalized, upstream, permitted, options, cancellationToken).ConfigureAwait(false);
            await output.WriteAsync(parseResult.GetValue(json)
                ? IngressCheckJson.Serialize(report) + "\n"
                : IngressCheckText.Format(report)).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return report.ExitCode;
        });
        return command;
    }

    private static async Task<IngressCheckReport> RunAsync(string name, IPEndPoint upstream, IReadOnlyList<PermittedPrefix> permitted, IngressCheckOptions options, CancellationToken cancellationToken)
    {
        ServiceCollection services = new();
        services.AddLogging();
        services.Configure<DnsResolverOptions>(resolver =>
        {
            resolver.Upstreams.Add(upstream);
            // Two tries within one probe timeout: a lost UDP datagram is retried, a dead resolver is reported in time.
            resolver.Attempts = 2;
            resolver.AttemptTimeout = options.Timeout / 2;
            resolver.CacheBytes = 1024 * 1024;
        });
        services.AddResolver();
        await using ServiceProvider provider = services.BuildServiceProvider();

        // The same lookup and policy as the ingress: this host's own addresses are never backends.
        BackendLookup lookup = new(provider.GetRequiredService<IDnsResolver>(), BackendPolicy.ForThisHost(permitted, Nat64Prefix.WellKnown.Prefix));
        IngressCheck check = new(provider.GetRequiredService<IDnsResolver>(), lookup, new SocketIngressProbes(options.Timeout), options);
        return await check.RunAsync(name, cancellationToken).ConfigureAwait(false);
    }

    private static IPEndPoint? ParseResolver(ArgumentResult result)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (!EndpointText.TryParse(token, out IPEndPoint? endpoint, out string? error))
        {
            result.AddError($"--resolver: {error}");
            return null;
        }
        if (endpoint.Port == 0)
        {
            result.AddError($"--resolver: '{token}': the port must be from 1 to 65535.");
            return null;
        }
        return endpoint;
    }

    private static IPAddress[] ParseGatewayAddresses(ArgumentResult result)
    {
        List<IPAddress> addresses = [];
        foreach (Token token in result.Tokens)
        {
            if (IpAddressText.TryParse(token.Value, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetwork)
            {
                addresses.Add(address);
            }
            else
            {
                result.AddError($"--gateway: '{token.Value}' is not an IPv4 address such as 192.0.2.1 (A records point at the gateway's IPv4 addresses).");
            }
        }
        return [.. addresses];
    }

    private static double ParseSeconds(ArgumentResult result)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (!double.TryParse(token, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds) || seconds is < 0.001 or > 600)
        {
            result.AddError($"--timeout: '{token}' is not a number of seconds from 0.001 to 600, such as 5 or 0.5.");
            return default;
        }
        return seconds;
    }

    private static int ParsePort(ArgumentResult result)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            string option = result.Parent is OptionResult parent ? parent.Option.Name : "port";
            result.AddError($"{option}: '{token}' is not a port number from 1 to 65535.");
            return default;
        }
        return port;
    }

    private static string Describe(HostNameError error) => error switch
    {
        HostNameError.Empty => "it is empty",
        HostNameError.TooLong => "it is longer than 253 characters",
        HostNameError.InvalidLabel => "a label is empty, longer than 63 characters, starts or ends with '-', or has a character other than letters, digits, '-' and '_'",
        HostNameError.IpLiteral => "it is an address; give the site's name",
        HostNameError.InvalidPunycode => "an 'xn--' label is not valid Punycode",
        _ => error.ToString(),
    };
}
