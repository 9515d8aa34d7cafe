namespace Gate64.Protocols.Bgp;

/// <summary>One address family in the graceful restart capability, with its F bit (RFC 4724 §3).</summary>
public readonly record struct BgpGracefulRestartFamily(BgpAddressFamily Family, bool ForwardingPreserved);
