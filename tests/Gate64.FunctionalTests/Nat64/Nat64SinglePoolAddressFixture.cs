using System.Globalization;
using System.Security.Cryptography;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Nat64;

/// <summary>
/// A <see cref="Nat64Topology"/> whose gate64 has a single pool address (<c>--pool4 203.0.113.1/32</c>) and
/// <c>--quota 5</c>; the gateway's end of the client6 link has MTU 1280 (client6 keeps 1500, so its MSS invites
/// IPv4 segments that only fit after Packet Too Big); server4 also runs a UDP service on port
/// <see cref="EchoPort"/> that answers every datagram with the source address and port it saw ("ip port").
/// www also holds <see cref="OneMegabyteFile"/> of random bytes.
/// </summary>
public sealed class Nat64SinglePoolAddressFixture : IAsyncLifetime
{
    public const string Pool = "203.0.113.1/32";
    public const string PoolAddress = "203.0.113.1";

    /// <summary>203.0.113.1 inside the prefix.</summary>
    public const string PoolAddressVia64 = "2001:db8:64::cb00:7101";

    public const int Quota = 5;
    public const int EchoPort = 7000;
    public const int GatewayClientMtu = 1280;
    public const string OneMegabyteFile = "one-megabyte.bin";

    private Nat64Topology? _topology;

    internal Nat64Topology Topology => _topology ?? throw new InvalidOperationException("not started");

    internal ChildProcess Echo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _topology = await Nat64Topology.StartAsync(Pool, ["--quota", Quota.ToString(CultureInfo.InvariantCulture)]);
        await _topology.Gateway.IpAsync("link", "set", "dev", _topology.ClientLink.SecondName, "mtu", GatewayClientMtu.ToString(CultureInfo.InvariantCulture));
        string www = Path.Combine(_topology.DirectoryPath, "www");
        await File.WriteAllBytesAsync(Path.Combine(www, OneMegabyteFile), RandomNumberGenerator.GetBytes(1 << 20));
        string echo = $$"""
            import socket
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(("{{Nat64Topology.ServerAddress}}", {{EchoPort}}))
            print("echo ready", flush=True)
            while True:
                data, peer = s.recvfrom(2048)
                s.sendto(("%s %d" % peer).encode(), peer)
            """;
        Echo = _topology.Server.Start(TestScripts.Python(), ["-u", "-c", echo]);
        await Echo.WaitForOutputAsync("echo ready", TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        if (_topology is not null)
        {
            await Echo.DisposeAsync();
            await _topology.DisposeAsync();   // deleting server4 kills the echo service too
            _topology = null;
        }
    }
}
