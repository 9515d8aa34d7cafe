namespace Gate64.Protocols.Bgp;

/// <summary>The ORIGIN path attribute (RFC 4271 §5.1.1).</summary>
public enum BgpOrigin : byte
{
    /// <summary>Learned by an interior protocol, or originated here: the usual value for host routes.</summary>
    Igp = 0,

    /// <summary>Learned by EGP (historic).</summary>
    Egp = 1,

    /// <summary>Learned some other way (redistribution).</summary>
    Incomplete = 2,
}
