namespace Gate64.Ingress;

/// <summary>How a backend learns the IPv4 client's address, chosen per permitted prefix.</summary>
public enum ClientAddressMode
{
    /// <summary>Not at all: the backend sees the gateway's address.</summary>
    None,

    /// <summary>A PROXY protocol v1 text line before the client's bytes (the backend must expect it).</summary>
    ProxyV1,

    /// <summary>A binary PROXY protocol v2 header before the client's bytes (the backend must expect it).</summary>
    ProxyV2,

    /// <summary>The gateway connects from the NAT46 prefix with the client's IPv4 address in the low 32 bits: no cooperation needed.</summary>
    Nat46,
}
