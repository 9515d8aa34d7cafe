using System.Net;

namespace Gate64.Testing;

/// <summary>One connection a recorder backend accepted: who connected, to where, and the first bytes it sent.</summary>
public sealed record RecordedConnection(IPAddress Peer, int PeerPort, IPAddress Local, int LocalPort, byte[] Data)
{
    public override string ToString() =>
        $"[{Peer}]:{PeerPort} -> [{Local}]:{LocalPort}, {Data.Length} bytes: {Convert.ToHexString(Data.AsSpan(0, Math.Min(Data.Length, 64)))}";
}
