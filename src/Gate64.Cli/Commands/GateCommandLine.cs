using System.CommandLine;

namespace Gate64.Cli.Commands;

/// <summary>Builds the <c>gate64</c> command tree (the CLI contract in shared/DESIGN.md).</summary>
internal static class GateCommandLine
{
    public static RootCommand Create()
    {
        RootCommand root = new("Gate64: the IPv4 gateway for IPv6-only hosting (ingress, DNS64, NAT64, routed links, BGP).")
        {
            IngressCommand.Create(),
            Dns64Command.Create(),
        };
        return root;
    }
}
