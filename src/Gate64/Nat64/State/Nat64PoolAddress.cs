namespace Gate64.Nat64.State;

/// <summary>
/// One IPv4 pool address and its bound ports per protocol (maps made on first use). Port choice, in order: the
/// client's own port; a random port of the same parity in the same range (0–1023 or 1024–65535, RFC 4787 REQ-3/4,
/// RFC 6146 §3.5.1.1); any port in that range; then the same outside it. ICMP identifiers take any free value.
/// </summary>
internal sealed class Nat64PoolAddress
{
    private readonly Nat64PortSet?[] _ports = new Nat64PortSet?[3];
    private readonly int _minPort;
    private readonly int _maxPort;

    public Nat64PoolAddress(uint address, int minPort, int maxPort)
    {
        Address = address;
        _minPort = minPort;
        _maxPort = maxPort;
    }

    public uint Address { get; }

    public bool HasFreePort(Nat64Protocol protocol)
    {
        (int low, int high) = Range(protocol);
        Nat64PortSet? set = _ports[Index(protocol)];
        return set is null || set.Count < high - low + 1;
    }

    /// <summary>Binds a port for <paramref name="clientPort"/>; -1 when every port of the protocol is bound.</summary>
    public int Allocate(Nat64Protocol protocol, ushort clientPort)
    {
        if (!HasFreePort(protocol))
        {
            return -1;
        }
        int index = Index(protocol);
        Nat64PortSet set = _ports[index] ??= new Nat64PortSet();
        (int low, int high) = Range(protocol);
        int port = FindPort(set, protocol, clientPort, low, high);
        if (port >= 0)
        {
            set.Add(port);
        }
        return port;
    }

    public void Release(Nat64Protocol protocol, ushort port) => _ports[Index(protocol)]!.Remove(port);

    private static int FindPort(Nat64PortSet set, Nat64Protocol protocol, int clientPort, int low, int high)
    {
        if (clientPort >= low && clientPort <= high && !set.Contains(clientPort))
        {
            return clientPort;
        }
        if (protocol == Nat64Protocol.Icmp)
        {
            return set.FindFree(low, high, Random.Shared.Next(low, high + 1), -1);
        }
        (int rangeLow, int rangeHigh) = clientPort < 1024 ? (low, Math.Min(high, 1023)) : (Math.Max(low, 1024), high);
        bool hasRange = rangeLow <= rangeHigh;
        int parity = clientPort & 1;
        int port = -1;
        if (hasRange)
        {
            int start = Random.Shared.Next(rangeLow, rangeHigh + 1);
            port = set.FindFree(rangeLow, rangeHigh, start, parity);
            if (port < 0)
            {
                port = set.FindFree(rangeLow, rangeHigh, start, -1);
            }
        }
        if (port < 0 && (!hasRange || rangeLow != low || rangeHigh != high))
        {
            int start = Random.Shared.Next(low, high + 1);
            port = set.FindFree(low, high, start, parity);
            if (port < 0)
            {
                port = set.FindFree(low, high, start, -1);
            }
        }
        return port;
    }

    private (int Low, int High) Range(Nat64Protocol protocol) =>
        protocol == Nat64Protocol.Icmp ? (0, 65535) : (_minPort, _maxPort);

    private static int Index(Nat64Protocol protocol) => protocol switch
    {
        Nat64Protocol.Tcp => 0,
        Nat64Protocol.Udp => 1,
        _ => 2,
    };
}
