using System.CommandLine;
using System.Net;
using Gate64.Ingress;
using Gate64.Protocols.Ip;
using Gate64.Resolver;
using Microsoft.Extensions.DependencyInjection;

namespace Gate64.Cli.Commands;

/// <summary><c>gate64 ingress</c>: IPv4 clients to IPv6-only sites, routed by TLS SNI or HTTP Host.</summary>
internal static class IngressCommand
{
    public static Command Create()
    {
        Option<IngressListenerOptions[]> listen = new("--listen")
        {
            Description = "Address to accept clients on, with the backend port after '=' when it differs: 0.0.0.0:443, 192.0.2.1:8443=443. Repeatable.",
            HelpName = "ADDR:PORT[=BACKEND_PORT]",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            CustomParser = OptionParsers.Listeners,
        };
        Option<IPEndPoint> resolver = new("--resolver")
        {
            Description = "Recursive resolver that answers the sites' AAAA queries.",
            HelpName = "ADDR:PORT",
            Required = true,
            CustomParser = result => OptionParsers.Endpoints(result).FirstOrDefault()!,
        };
        Option<PermitArgument[]> permit = new("--permit")
        {
            Description = "IPv6 prefix where backends may live, optionally with how they learn the client's address: "
                + "=none, =proxy-v1, =proxy-v2 (PROXY protocol header) or =nat46 (source address embeds the client). Repeatable. Required: without it nothing is permitted.",
            HelpName = "PREFIX[=MODE]",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            CustomParser = OptionParsers.PermittedPrefixes,
        };
        Option<string?> proxyProtocol = new("--proxy-protocol")
        {
            Description = "Send a PROXY protocol header (v1 or v2) to backends of every --permit prefix that names no mode.",
            HelpName = "v1|v2",
        };
        proxyProtocol.AcceptOnlyFromAmong("v1", "v2");
        Option<IpPrefix?> nat46 = new("--nat46-prefix")
        {
            Description = "IPv6 /96 to connect from for =nat46 prefixes, the client's IPv4 address in its last 32 bits (e.g. 64:ff9b:1::/96, RFC 8215). Route it to this host ('ip -6 route add local PREFIX dev lo').",
            HelpName = "PREFIX",
            CustomParser = result => OptionParsers.Prefixes(result).FirstOrDefault(),
        };
        Option<IngressListenerOptions[]> quic = new("--quic")
        {
            Description = "UDP address to accept QUIC (HTTP/3) clients on, routed by the SNI of their Initial packets without terminating QUIC; backend port after '=' when it differs: 198.51.100.1:443. Give the service address rather than 0.0.0.0, so that answers leave from the address clients sent to. Repeatable.",
            HelpName = "ADDR:PORT[=BACKEND_PORT]",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = OptionParsers.Listeners,
        };
        Option<double> quicIdleTimeout = Seconds("--quic-idle-timeout", "Seconds a relayed QUIC flow may stay silent both ways before it is forgotten.", 30);
        Option<int> maxQuicFlows = new("--max-quic-flows")
        {
            Description = "QUIC flows (client address and port) tracked at once; beyond it new clients' Initials are dropped.",
            HelpName = "N",
            DefaultValueFactory = _ => 10_000,
            CustomParser = OptionParsers.IntegerBetween(1, 1_000_000),
        };
        Option<double> firstBytesTimeout = Seconds("--first-bytes-timeout", "Seconds a client has to send its whole ClientHello or request head.", 5);
        Option<double> connectTimeout = Seconds("--connect-timeout", "Seconds to connect to one backend address.", 5);
        Option<double> idleTimeout = Seconds("--idle-timeout", "Seconds a spliced connection may stay silent both ways.", 600);
        Option<int> maxConnections = new("--max-connections")
        {
            Description = "Client connections open at once; beyond it new ones are closed at once.",
            HelpName = "N",
            DefaultValueFactory = _ => 10_000,
            CustomParser = OptionParsers.IntegerBetween(1, 1_000_000),
        };

        Command command = new("ingress", "Proxy IPv4 clients to IPv6-only sites: read the TLS server name or HTTP Host (or, with --quic, the SNI of QUIC Initial packets), look up the name's AAAA record, check it is a permitted backend, and splice the TCP stream or relay the UDP flow to it. TLS and QUIC are never terminated.")
        {
            listen, resolver, permit, proxyProtocol, nat46, firstBytesTimeout, connectTimeout, idleTimeout, maxConnections,
            quic, quicIdleTimeout, maxQuicFlows,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            void Populate(IngressOptions options)
            {
                ClientAddressMode defaultMode = parseResult.GetValue(proxyProtocol) switch
                {
                    "v1" => ClientAddressMode.ProxyV1,
                    "v2" => ClientAddressMode.ProxyV2,
                    _ => ClientAddressMode.None,
                };
                options.Listen.AddRange(parseResult.GetValue(listen)!);
                options.Permit.AddRange(parseResult.GetValue(permit)!.Select(argument => new PermittedPrefix(argument.Prefix, argument.Mode ?? defaultMode)));
                options.Nat46Prefix = parseResult.GetValue(nat46);
                options.FirstBytesTimeout = TimeSpan.FromSeconds(parseResult.GetValue(firstBytesTimeout));
                options.ConnectTimeout = TimeSpan.FromSeconds(parseResult.GetValue(connectTimeout));
                options.IdleTimeout = TimeSpan.FromSeconds(parseResult.GetValue(idleTimeout));
                options.MaxConnections = parseResult.GetValue(maxConnections);
                options.Quic.AddRange(parseResult.GetValue(quic) ?? []);
                options.QuicIdleTimeout = TimeSpan.FromSeconds(parseResult.GetValue(quicIdleTimeout));
                options.MaxQuicFlows = parseResult.GetValue(maxQuicFlows);
            }

            IngressOptions ingress = new();
            Populate(ingress);
            if (OptionParsers.ReportErrors(ingress.Validate()))
            {
                return Task.FromResult(2);
            }
            IPEndPoint upstream = parseResult.GetValue(resolver)!;
            return GateHost.RunAsync(services =>
            {
                services.Configure<DnsResolverOptions>(options =>
                {
                    options.Upstreams.Add(upstream);
                    options.MaxNegativeTtl = ingress.NegativeCacheTtl;
                });
                services.AddIngress(Populate);
            }, cancellationToken);
        });
        return command;
    }

    private static Option<double> Seconds(string name, string description, double defaultValue) => new(name)
    {
        Description = description,
        HelpName = "SECONDS",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = OptionParsers.Seconds,
    };
}
