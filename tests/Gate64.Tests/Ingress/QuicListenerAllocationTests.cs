using System.Net;
using System.Net.Sockets;
using Gate64.Testing.Quic;

namespace Gate64.Tests.Ingress;

/// <summary>The relay path allocates nothing per datagram, either way (the process's heap is measured, so it runs alone).</summary>
[Collection(MemoryMeasurementCollection.Name)]
public sealed class QuicListenerAllocationTests
{
    [Fact]
    public async Task RelayingDatagramsBothWays_AllocatesNothingPerDatagram()
    {
        const int RoundTrips = 10_000;
        await using QuicListenerHarness harness = new();
        using Socket client = harness.NewClient();
        client.ReceiveTimeout = 5000;
        harness.Backend.ReceiveTimeout = 5000;
        byte[] up = new byte[1200];
        byte[] down = new byte[1350];
        byte[] buffer = new byte[2048];
        up[0] = 0x40;
        down[0] = 0x40;

        // The test's side uses only blocking calls (once a socket has done an asynchronous call, .NET on Unix allocates
        // for each blocking call that has to wait), so what is measured is the listener's receive loop and relay task.
        client.Send(QuicClientInitials.FirstFlight("site.test", Convert.FromHexString("8394c8f03e515708"))[0]);
        EndPoint flowSocket = new IPEndPoint(IPAddress.Any, 0);
        harness.Backend.ReceiveFrom(buffer, ref flowSocket);
        SocketAddress flowAddress = flowSocket.Serialize();
        SocketAddress from = new(AddressFamily.InterNetwork);

        await Task.Run(() => PingPong(client, harness.Backend, flowAddress, from, up, down, buffer, 1000));
        long least = long.MaxValue;
        for (int window = 0; window < 3; window++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            await Task.Run(() => PingPong(client, harness.Backend, flowAddress, from, up, down, buffer, RoundTrips));
            least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        // The least of three windows: the test host's own work now and then lands in one. 2 × 10,000 datagrams at even
        // 4 bytes each would be 80 KB in every window.
        Assert.True(least < 80_000, $"relaying {2 * RoundTrips} datagrams allocated {least} bytes");
    }

    private static void PingPong(Socket client, Socket backend, SocketAddress flowAddress, SocketAddress from, byte[] up, byte[] down, byte[] buffer, int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            client.Send(up);
            backend.ReceiveFrom(buffer, SocketFlags.None, from);
            backend.SendTo(down, SocketFlags.None, flowAddress);
            client.Receive(buffer);
        }
    }
}
