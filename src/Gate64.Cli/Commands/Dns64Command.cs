using System.CommandLine;
using System.Net;
using Gate64.Dns64;
using Gate64.Protocols.Ip;
using Gate64.Resolver;
using Microsoft.Extensions.DependencyInjection;

namespace Gate64.Cli.Commands;

/// <summary><c>gate64 dns64</c>: the DNS64 resolver (RFC 6147) on its own.</summary>
internal static class Dns64Command
{
    public static Command Create()
    {
        Option<IPEndPoint[]> listen = new("--listen")
        {
            Description = "Address to answer on, UDP and TCP: 192.0.2.1:53 or [2001:db8::1]:53. Repeatable.",
            HelpName = "ADDR:PORT",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            CustomParser = OptionParsers.Endpoints,
        };
        Option<IPEndPoint[]> upstream = new("--upstream")
        {
            Description = "Recursive resolver to forward to, tried in order. Repeatable.",
            HelpName = "ADDR:PORT",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            CustomParser = OptionParsers.Endpoints,
        };
        Option<Nat64Prefix> prefix = new("--prefix")
        {
            Description = "NAT64 prefix for synthesized AAAA records (RFC 6052: /32, /40, /48, /56, /64 or /96).",
            HelpName = "PREFIX",
            DefaultValueFactory = _ => Nat64Prefix.WellKnown,
            CustomParser = OptionParsers.Nat64Prefix,
        };
        Option<IpPrefix[]> allow = new("--allow")
        {
            Description = "Client prefix allowed to ask. Repeatable. Without it every client is refused.",
            HelpName = "PREFIX",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = OptionParsers.Prefixes,
        };
        Option<IpPrefix[]> exclude = new("--exclude")
        {
            Description = "AAAA records inside this prefix count as absent and are replaced by synthesis. Repeatable; replaces the default ::ffff:0:0/96.",
            HelpName = "PREFIX",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = OptionParsers.Prefixes,
        };
        Option<int> cacheMegabytes = new("--cache-mb")
        {
            Description = "Memory for each of the two caches (upstream answers, ready answers), in MiB.",
            HelpName = "MIB",
            DefaultValueFactory = _ => 64,
            CustomParser = OptionParsers.IntegerBetween(1, 65536),
        };

        Command command = new("dns64", "Answer DNS for IPv6-only clients, synthesizing AAAA records inside the NAT64 prefix for IPv4-only names (RFC 6147).")
        {
            listen, upstream, prefix, allow, exclude, cacheMegabytes,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            Dns64Options dns64 = new() { Prefix = parseResult.GetValue(prefix) };
            dns64.Listen.AddRange(parseResult.GetValue(listen)!);
            dns64.Allow.AddRange(parseResult.GetValue(allow) ?? []);
            if (parseResult.GetValue(exclude) is { Length: > 0 } excluded)
            {
                dns64.Exclude.Clear();
                dns64.Exclude.AddRange(excluded);
            }
            long cacheBytes = parseResult.GetValue(cacheMegabytes) * 1024L * 1024;
            dns64.ResponseCacheBytes = cacheBytes;
            if (OptionParsers.ReportErrors(dns64.Validate()))
            {
                return Task.FromResult(2);
            }
            IPEndPoint[] upstreams = parseResult.GetValue(upstream)!;
            return GateHost.RunAsync(services =>
            {
                services.Configure<DnsResolverOptions>(options =>
                {
                    options.Upstreams.AddRange(upstreams);
                    options.CacheBytes = cacheBytes;
                });
                services.AddDns64(options =>
                {
                    options.Prefix = dns64.Prefix;
                    options.Listen.AddRange(dns64.Listen);
                    options.Allow.AddRange(dns64.Allow);
                    options.Exclude.Clear();
                    options.Exclude.AddRange(dns64.Exclude);
                    options.ResponseCacheBytes = dns64.ResponseCacheBytes;
                });
            }, cancellationToken);
        });
        return command;
    }
}
