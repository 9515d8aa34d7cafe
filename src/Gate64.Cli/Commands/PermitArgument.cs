using Gate64.Ingress;
using Gate64.Protocols.Ip;

namespace Gate64.Cli.Commands;

/// <summary>A <c>--permit PREFIX[=MODE]</c> value; without a mode, <c>--proxy-protocol</c> decides.</summary>
internal sealed record PermitArgument(IpPrefix Prefix, ClientAddressMode? Mode);
