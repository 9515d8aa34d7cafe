using System.CommandLine;
using System.Net;
using Gate64.Bgp;
using Gate64.Protocols.Bgp;
using Gate64.Protocols.Ip;

namespace Gate64.Cli.Commands;

/// <summary><c>gate64 bgp</c>: the BGP speaker that announces the host's workload routes and service prefixes.</summary>
internal static class BgpCommand
{
    public static Command Create()
    {
        Option<uint> localAs = new("--local-as")
        {
            Description = "Our AS number (4-octet; a private one such as 4200000001 per host is common).",
            HelpName = "N",
            Required = true,
            CustomParser = BgpArgumentParsers.AutonomousSystem,
        };
        Option<IPAddress> routerId = new("--router-id")
        {
            Description = "Our BGP identifier: an IPv4 address unique among the routers' peers, usually one of the host's.",
            HelpName = "A",
            Required = true,
            CustomParser = BgpArgumentParsers.RouterId,
        };
        Option<BgpNeighborOptions[]> neighbors = new("--neighbor")
        {
            Description = "A router to dial, ADDR,as=N[,port=N][,next-hop4=A][,next-hop6=A]. Repeatable. The speaker never listens.",
            HelpName = "ADDR,as=N",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            CustomParser = BgpArgumentParsers.Neighbors,
        };
        Option<IpPrefix[]> announce = new("--announce")
        {
            Description = "A prefix announced for as long as the speaker runs (NAT64 prefix, IPv4 pool, ingress addresses). Repeatable.",
            HelpName = "PREFIX",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = OptionParsers.Prefixes,
        };
        Option<FileInfo[]> announceFile = new("--announce-file")
        {
            Description = "A file of prefixes to announce, one per line ('#' starts a comment). Repeatable. For lists too long for the command line.",
            HelpName = "FILE",
            Arity = ArgumentArity.OneOrMore,
        };
        Option<bool> noOwnedRoutes = new("--no-owned-routes")
        {
            Description = "Do not announce the kernel's Gate64 routes (the workload /128 and /32 routes made by 'gate64 link up').",
        };
        Option<int> holdTime = new("--hold-time")
        {
            Description = "Hold time to propose, in seconds: 0 (no keepalives) or 3 to 65535. The peers agree on the smaller one.",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => 90,
            CustomParser = OptionParsers.IntegerBetween(0, 65535),
        };
        Option<int> gracefulRestart = new("--graceful-restart")
        {
            Description = "Seconds the routers keep our routes when the speaker stops without a goodbye (RFC 4724); 0 turns graceful restart off.",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => 120,
            CustomParser = OptionParsers.IntegerBetween(0, 4095),
        };
        Option<uint[]> communities = new("--community")
        {
            Description = "A community ASN:VALUE attached to every route. Repeatable.",
            HelpName = "ASN:VALUE",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = BgpArgumentParsers.Communities,
        };
        Option<BgpLargeCommunity[]> largeCommunities = new("--large-community")
        {
            Description = "A large community GLOBAL:LOCAL1:LOCAL2 attached to every route. Repeatable.",
            HelpName = "G:L1:L2",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = BgpArgumentParsers.LargeCommunities,
        };

        Command command = new("bgp", "Announce the host's workload routes (the kernel's Gate64 routes) and the given prefixes to upstream routers over BGP, and withdraw them when they go.")
        {
            localAs, routerId, neighbors, announce, announceFile, noOwnedRoutes, holdTime, gracefulRestart, communities, largeCommunities,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            List<string> fileErrors = [];
            List<IpPrefix> fromFiles = [];
            foreach (FileInfo file in parseResult.GetValue(announceFile) ?? [])
            {
                fromFiles.AddRange(PrefixFile.Read(file.FullName, fileErrors));
            }
            if (OptionParsers.ReportErrors(fileErrors))
            {
                return Task.FromResult(GateCommandLine.UsageErrorExitCode);
            }

            void Populate(BgpOptions options)
            {
                options.LocalAs = parseResult.GetValue(localAs);
                options.RouterId = parseResult.GetValue(routerId) ?? IPAddress.Any;
                options.Neighbors.AddRange(parseResult.GetValue(neighbors) ?? []);
                options.Announce.AddRange(parseResult.GetValue(announce) ?? []);
                options.Announce.AddRange(fromFiles);
                options.AnnounceOwnedRoutes = !parseResult.GetValue(noOwnedRoutes);
                options.HoldTimeSeconds = parseResult.GetValue(holdTime);
                options.GracefulRestartSeconds = parseResult.GetValue(gracefulRestart);
                options.Communities.AddRange(parseResult.GetValue(communities) ?? []);
                options.LargeCommunities.AddRange(parseResult.GetValue(largeCommunities) ?? []);
            }

            BgpOptions checkedOptions = new();
            Populate(checkedOptions);
            if (OptionParsers.ReportErrors(checkedOptions.Validate()))
            {
                return Task.FromResult(GateCommandLine.UsageErrorExitCode);
            }
            return GateHost.RunAsync(services => services.AddBgpSpeaker(Populate), cancellationToken);
        });
        return command;
    }
}
