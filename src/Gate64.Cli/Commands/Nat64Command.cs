using System.CommandLine;
using Gate64.Nat64;
using Gate64.Protocols.Ip;

namespace Gate64.Cli.Commands;

/// <summary><c>gate64 nat64</c>: the stateful NAT64 (RFC 6146) on a TUN interface.</summary>
internal static class Nat64Command
{
    public static Command Create()
    {
        Option<string> tun = new("--tun")
        {
            Description = "TUN interface to create (or attach to): it carries the NAT64 prefix and the IPv4 pool.",
            HelpName = "NAME",
            Required = true,
        };
        Option<Nat64Prefix> prefix = new("--prefix")
        {
            Description = "NAT64 prefix whose addresses stand for IPv4 hosts (RFC 6052: /32, /40, /48, /56, /64 or /96).",
            HelpName = "PREFIX",
            DefaultValueFactory = _ => Nat64Prefix.WellKnown,
            CustomParser = OptionParsers.Nat64Prefix,
        };
        Option<IpPrefix?> pool4 = new("--pool4")
        {
            Description = "IPv4 pool the clients are mapped to, a /16 or longer (e.g. 203.0.113.0/28). Every address is used; route it to this host.",
            HelpName = "CIDR",
            Required = true,
            CustomParser = result => OptionParsers.Prefixes(result).FirstOrDefault(),
        };
        Option<IpPrefix[]> allow = new("--allow")
        {
            Description = "IPv6 source prefix allowed to use the NAT64. Repeatable. Without it nobody may (never an open NAT).",
            HelpName = "PREFIX",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = OptionParsers.Prefixes,
        };
        Option<bool> noRoutes = new("--no-routes")
        {
            Description = "Do not add routes for the prefix and the pool through the TUN interface (the operator routes them).",
        };
        Option<int> queues = new("--queues")
        {
            Description = "TUN queues, each read by a thread of its own.",
            HelpName = "N",
            DefaultValueFactory = _ => 1,
            CustomParser = OptionParsers.IntegerBetween(1, 64),
        };
        Option<int> mtu = new("--mtu")
        {
            Description = "MTU of the TUN interface.",
            HelpName = "N",
            DefaultValueFactory = _ => 1500,
            CustomParser = OptionParsers.IntegerBetween(1280, 65535),
        };
        Option<int> tunQueueLength = new("--tun-queue-length")
        {
            Description = "Packets the kernel holds for each TUN queue until gate64 reads them (txqueuelen).",
            HelpName = "N",
            DefaultValueFactory = _ => new Nat64Options().TunQueueLength,
            CustomParser = OptionParsers.IntegerBetween(Nat64Options.MinimumTunQueueLength, Nat64Options.MaximumTunQueueLength),
        };
        Option<int> quota = new("--quota")
        {
            Description = "Pool ports (bindings) one IPv6 address may hold, all protocols together.",
            HelpName = "N",
            DefaultValueFactory = _ => 4096,
            CustomParser = OptionParsers.IntegerBetween(1, 1_000_000),
        };
        Option<bool> addressDependentFiltering = new("--address-dependent-filtering")
        {
            Description = "Let an IPv4 host reach a binding only after the client sent to that host (default: endpoint-independent filtering).",
        };
        Option<bool> logMappings = new("--log-mappings")
        {
            Description = "Log every binding created and removed: client address and port, pool address and port.",
        };

        Option<string> offload = new("--offload")
        {
            Description = "TUN offloads: auto takes TCP/UDP super-packets of up to 64 KiB and partial checksums where the kernel offers them (IFF_VNET_HDR); off reads and writes one packet at a time.",
            HelpName = "auto|off",
            DefaultValueFactory = _ => "auto",
        };
        offload.AcceptOnlyFromAmong("auto", "off");
        Option<int> statsInterval = new("--stats-interval")
        {
            Description = "Log packet, super-packet and GC collection totals every N seconds (benchmarks; 0 = never).",
            HelpName = "N",
            DefaultValueFactory = _ => 0,
            CustomParser = OptionParsers.IntegerBetween(0, 3600),
            Hidden = true,
        };

        Command command = new("nat64", "Translate IPv6 clients' packets to the NAT64 prefix into IPv4 from a pool of addresses, and the replies back (stateful NAT64, RFC 6146/7915), on a TUN interface.")
        {
            tun, prefix, pool4, allow, noRoutes, queues, mtu, tunQueueLength, quota, addressDependentFiltering, logMappings, offload, statsInterval,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            void Populate(Nat64Options options)
            {
                options.Tun = parseResult.GetValue(tun) ?? "";
                options.Prefix = parseResult.GetValue(prefix);
                options.Pool4 = parseResult.GetValue(pool4);
                options.Allow.AddRange(parseResult.GetValue(allow) ?? []);
                options.NoRoutes = parseResult.GetValue(noRoutes);
                options.Queues = parseResult.GetValue(queues);
                options.Mtu = parseResult.GetValue(mtu);
                options.TunQueueLength = parseResult.GetValue(tunQueueLength);
                options.PortQuotaPerClient = parseResult.GetValue(quota);
                options.AddressDependentFiltering = parseResult.GetValue(addressDependentFiltering);
                options.LogMappings = parseResult.GetValue(logMappings);
                options.Offload = parseResult.GetValue(offload) == "off" ? Nat64Offload.Off : Nat64Offload.Auto;
                options.StatsIntervalSeconds = parseResult.GetValue(statsInterval);
            }

            Nat64Options checkedOptions = new();
            Populate(checkedOptions);
            if (OptionParsers.ReportErrors(checkedOptions.Validate()))
            {
                return Task.FromResult(2);
            }
            return GateHost.RunAsync(services => services.AddNat64(Populate), cancellationToken);
        });
        return command;
    }
}
