using System.Net;

namespace Gate64.Bgp;

/// <summary>One router the speaker dials: <c>ADDR,as=N[,port=N][,next-hop4=A][,next-hop6=A]</c> on the command line.</summary>
public sealed class BgpNeighborOptions
{
    /// <summary>The router's address; the session runs over this family.</summary>
    public IPAddress Address { get; set; } = IPAddress.None;

    /// <summary>The router's autonomous system (4-octet).</summary>
    public uint PeerAs { get; set; }

    /// <summary>The router's TCP port (179 unless a lab says otherwise).</summary>
    public int Port { get; set; } = 179;

    /// <summary>
    /// The IPv4 next hop for IPv4 routes on a session over IPv6. On an IPv4 session the speaker's own
    /// session address is the next hop, so this is needed only to carry IPv4 routes over IPv6.
    /// </summary>
    public IPAddress? NextHop4 { get; set; }

    /// <summary>The IPv6 next hop for IPv6 routes on a session over IPv4 (see <see cref="NextHop4"/>).</summary>
    public IPAddress? NextHop6 { get; set; }

    /// <summary>How logs and metrics name this neighbor.</summary>
    public override string ToString() => Port == 179 ? Address.ToString() : $"{Address}:{Port}";
}
