using System.Net.Sockets;
using System.Security.Cryptography;
using Gate64.Ingress;
using Gate64.Ingress.Quic;
using Gate64.Platform;
using Gate64.Protocols.Quic;
using Gate64.Protocols.Tls;
using Gate64.Testing.Quic;
using Microsoft.Extensions.Logging;

namespace Gate64.Tests.Ingress;

/// <summary>
/// The QUIC listener on loopback sockets: client Initials made with the codec, a test router that sends every routed
/// flow to one backend socket, a fake clock for the timeouts.
/// </summary>
public sealed class QuicListenerTests
{
    private static readonly byte[] s_dcid = Convert.FromHexString("8394c8f03e515708");
    private static readonly byte[] s_otherDcid = Convert.FromHexString("0102030405060708");

    [Fact]
    public async Task OneInitialHello_IsRoutedByItsSni_AndRelayedBothWaysUnchanged()
    {
        await using QuicListenerHarness harness = new();
        using Socket client = harness.NewClient();
        byte[] initial = QuicClientInitials.FirstFlight("site.test", s_dcid)[0];

        client.Send(initial);
        (byte[] first, System.Net.IPEndPoint flowSocket) = await harness.BackendReceiveAsync();

        Assert.Equal(initial, first);
        Assert.Equal(["site.test"], harness.Router.Names);
        byte[] down = RandomNumberGenerator.GetBytes(1350);
        harness.Backend.SendTo(down, flowSocket);
        Assert.Equal(down, await QuicListenerHarness.ReceiveAsync(client));
        byte[] shortHeader = [0x45, .. RandomNumberGenerator.GetBytes(900)];
        client.Send(shortHeader);
        (byte[] next, System.Net.IPEndPoint nextSocket) = await harness.BackendReceiveAsync();
        Assert.Equal(shortHeader, next);
        Assert.Equal(flowSocket, nextSocket);
        Assert.Equal(1, harness.Metrics.Sum("gate64.ingress.quic.flows.relayed"));
        Assert.Equal(1, harness.Listener.FlowCount);
        Assert.Equal(0, harness.Listener.BufferedBytes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TwoInitialHello_WaitsForBoth_ThenRelaysEveryBufferedDatagramInOrder(bool secondFirst)
    {
        await using QuicListenerHarness harness = new();
        using Socket client = harness.NewClient();
        byte[][] initials = QuicClientInitials.FirstFlight("pq.site.test", s_dcid, initials: 2, keyShareBytes: 1216, pieceSize: 200, seed: 7);
        (byte[] opening, byte[] closing) = secondFirst ? (initials[1], initials[0]) : (initials[0], initials[1]);
        byte[] zeroRtt = QuicClientInitials.ZeroRtt(s_dcid, 700, 0x5a);

        client.Send(opening);
        client.Send(zeroRtt);
        await QuicListenerHarness.WaitUntilAsync(() => harness.Listener.BufferedBytes == opening.Length + zeroRtt.Length, "both datagrams are buffered");
        Assert.True(await QuicListenerHarness.NothingWaitingAsync(harness.Backend), "a datagram was relayed before the hello was complete");
        Assert.Empty(harness.Router.Names);
        client.Send(closing);

        Assert.Equal([opening, zeroRtt, closing], await harness.BackendReceiveAsync(3));
        Assert.Equal(["pq.site.test"], harness.Router.Names);
        Assert.Equal(0, harness.Listener.BufferedBytes);
        byte[] after = [0x41, 1, 2, 3];
        client.Send(after);
        (byte[] relayed, System.Net.IPEndPoint flowSocket) = await harness.BackendReceiveAsync();
        Assert.Equal(after, relayed);
        harness.Backend.SendTo([0x42, 9, 9], flowSocket);
        Assert.Equal([0x42, 9, 9], await QuicListenerHarness.ReceiveAsync(client));
    }

    [Fact]
    public async Task DatagramsSentWhileTheBackendIsLookedUp_AreRelayedAfterTheHelloInOrder()
    {
        await using QuicListenerHarness harness = new();
        using Socket client = harness.NewClient();
        byte[][] later = [[0x40, 1], [0x40, 2], [0x40, 3]];

        (byte[] initial, TaskCompletionSource routing) = await OpenFlowHeldInRoutingAsync(harness, client);
        foreach (byte[] datagram in later)
        {
            client.Send(datagram);
        }

        await QuicListenerHarness.WaitUntilAsync(() => harness.Listener.BufferedBytes == initial.Length + 6, "the later datagrams are buffered");
        routing.SetResult();

        Assert.Equal([initial, .. later], await harness.BackendReceiveAsync(4));
    }

    [Theory]
    [InlineData(1199)]
    [InlineData(1000)]
    [InlineData(600)]
    public async Task InitialUnder1200Bytes_IsDroppedUnexamined(int length)
    {
        await using QuicListenerHarness harness = new();
        using Socket client = harness.NewClient();
        byte[] initial = QuicClientInitials.FirstFlight("site.test", s_dcid, minLength: length)[0];
        Assert.Equal(length, initial.Length);

        client.Send(initial);
        await harness.WaitForDropsAsync("short_initial", 1);

        Assert.Empty(harness.Router.Names);
        Assert.Equal(0, harness.Listener.FlowCount);
        Assert.True(await QuicListenerHarness.NothingWaitingAsync(harness.Backend));
    }

    [Fact]
    public async Task NonInitialDatagramsOfUnknownFlows_AreDroppedAndCounted()
    {
        await using QuicListenerHarness harness = new();
        using Socket client = harness.NewClient();
        byte[] shortHeader = [0x43, .. RandomNumberGenerator.GetBytes(1300)];
        byte[] zeroRtt = QuicClientInitials.ZeroRtt(s_dcid, 1250, 0x33);
        byte[] unknownVersion = WithVersion(QuicClientInitials.FirstFlight("site.test", s_dcid)[0], 0x1a2a3a4a);

        client.Send(shortHeader);
        client.Send(zeroRtt);
        client.Send(Array.Empty<byte>());
        client.Send(unknownVersion);
        await harness.WaitForDropsAsync("not_quic", 2);
        await harness.WaitForDropsAsync("not_initial", 1);
        await harness.WaitForDropsAsync("unsupported_version", 1);

        Assert.Equal(0, harness.Listener.FlowCount);
        Assert.Empty(harness.Router.Names);
        Assert.True(await QuicListenerHarness.NothingWaitingAsync(harness.Backend));
    }

    [Fact]
    public async Task FlowBuffer_OverItsCapWhileSniffing_RefusesTheFlow()
    {
        await using QuicListenerHarness harness = new(options => options.MaxQuicFlowBufferBytes = 3000);
        using Socket client = harness.NewClient();
        byte[][] initials = QuicClientInitials.FirstFlight("big.site.test", s_dcid, initials: 2, keyShareBytes: 1216, pieceSize: 200);

        client.Send(initials[0]);
        client.Send(QuicClientInitials.ZeroRtt(s_dcid, 1200, 1));
        client.Send(QuicClientInitials.ZeroRtt(s_dcid, 1200, 2));
        await QuicListenerHarness.WaitUntilAsync(() => harness.Metrics.Refused("request_too_large") == 1, "the flow is refused");
        client.Send(initials[1]);
        await harness.WaitForDropsAsync("refused_flow", 1);

        Assert.Empty(harness.Router.Names);
        Assert.Equal(0, harness.Listener.BufferedBytes);
        Assert.True(await QuicListenerHarness.NothingWaitingAsync(harness.Backend));
        Assert.Single(harness.Logger.Lines, line => line.Message.Contains("request_too_large", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FlowBuffer_OverItsCapWhileRouting_DropsTheExtraDatagramsAndKeepsTheFlow()
    {
        await using QuicListenerHarness harness = new(options => options.MaxQuicFlowBufferBytes = 2000);
        harness.Router.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using Socket client = harness.NewClient();
        byte[] initial = QuicClientInitials.FirstFlight("site.test", s_dcid)[0];
        byte[] fits = [0x40, .. new byte[2000 - initial.Length - 1]];

        client.Send(initial);
        client.Send(fits);
        client.Send([0x40, 0xff]);
        await harness.WaitForDropsAsync("buffer_limit", 1);
        harness.Router.Hold.SetResult();

        Assert.Equal([initial, fits], await harness.BackendReceiveAsync(2));
        Assert.True(await QuicListenerHarness.NothingWaitingAsync(harness.Backend));
        Assert.Equal(1, harness.Metrics.Sum("gate64.ingress.quic.flows.relayed"));
    }

    [Fact]
    public async Task OverallBuffer_Full_DropsNewFlowsUntilBytesAreGivenBack()
    {
        await using QuicListenerHarness harness = new(options =>
        {
            options.MaxQuicFlowBufferBytes = 3000;
            options.MaxQuicBufferBytes = 4000;
        });
        harness.Router.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using Socket first = harness.NewClient();
        using Socket second = harness.NewClient();
        using Socket third = harness.NewClient();
        byte[] firstInitial = QuicClientInitials.FirstFlight("one.site.test", s_dcid)[0];
        byte[] firstLater = [0x40, .. new byte[1499]];
        byte[] secondInitial = QuicClientInitials.FirstFlight("two.site.test", s_otherDcid, initials: 2, keyShareBytes: 1216, pieceSize: 200)[0];
        byte[] thirdInitial = QuicClientInitials.FirstFlight("three.site.test", Convert.FromHexString("aabbccddeeff0011"))[0];

        first.Send(firstInitial);
        first.Send(firstLater);
        second.Send(secondInitial);
        long held = firstInitial.Length + firstLater.Length + secondInitial.Length;
        await QuicListenerHarness.WaitUntilAsync(() => harness.Listener.BufferedBytes == held, $"{held} bytes are buffered");
        Assert.True(held + thirdInitial.Length > 4000, "the third flow would fit");
        third.Send(thirdInitial);
        await harness.WaitForDropsAsync("buffer_limit", 1);

        Assert.Equal(2, harness.Listener.FlowCount);
        harness.Router.Hold.SetResult();
        Assert.Equal([firstInitial, firstLater], await harness.BackendReceiveAsync(2));
        Assert.Equal(secondInitial.Length, harness.Listener.BufferedBytes);
        third.Send(thirdInitial);
        Assert.Equal(thirdInitial, (await harness.BackendReceiveAsync()).Datagram);
        Assert.Equal(["one.site.test", "three.site.test"], harness.Router.Names);
    }

    [Fact]
    public async Task FlowCap_RefusesNewFlows_AndKeepsTheOldOnesRelaying()
    {
        await using QuicListenerHarness harness = new(options => options.MaxQuicFlows = 2);
        using Socket first = harness.NewClient();
        using Socket second = harness.NewClient();
        using Socket third = harness.NewClient();

        first.Send(QuicClientInitials.FirstFlight("one.site.test", s_dcid)[0]);
        second.Send(QuicClientInitials.FirstFlight("two.site.test", s_otherDcid)[0]);
        await harness.BackendReceiveAsync(2);
        third.Send(QuicClientInitials.FirstFlight("three.site.test", Convert.FromHexString("aabbccddeeff0011"))[0]);
        await harness.WaitForDropsAsync("flow_limit", 1);

        Assert.True(await QuicListenerHarness.NothingWaitingAsync(harness.Backend));
        Assert.Equal(2, harness.Listener.FlowCount);
        first.Send([0x40, 1]);
        second.Send([0x40, 2]);
        List<byte[]> relayed = await harness.BackendReceiveAsync(2);
        Assert.Contains([0x40, 1], relayed);
        Assert.Contains([0x40, 2], relayed);
        Assert.Equal(["one.site.test", "two.site.test"], harness.Router.Names.Order());
    }

    [Fact]
    public async Task IdleTimeout_RemovesARelayedFlow_AndActivityPostponesIt()
    {
        await using QuicListenerHarness harness = new(options => options.QuicIdleTimeout = TimeSpan.FromSeconds(30));
        using Socket client = harness.NewClient();
        client.Send(QuicClientInitials.FirstFlight("site.test", s_dcid)[0]);
        (_, System.Net.IPEndPoint flowSocket) = await harness.BackendReceiveAsync();

        harness.AdvanceAndSweep(TimeSpan.FromSeconds(20));
        harness.Backend.SendTo([0x40, 1], flowSocket);
        await QuicListenerHarness.ReceiveAsync(client);
        harness.AdvanceAndSweep(TimeSpan.FromSeconds(20));
        Assert.Equal(1, harness.Listener.FlowCount);
        harness.AdvanceAndSweep(TimeSpan.FromSeconds(11));

        Assert.Equal(0, harness.Listener.FlowCount);
        Assert.Equal(0, harness.Metrics.Sum("gate64.ingress.quic.flows.active"));
        client.Send([0x40, 2]);
        await harness.WaitForDropsAsync("not_quic", 1);
        Assert.True(await QuicListenerHarness.NothingWaitingAsync(harness.Backend));
        Assert.Equal(2, harness.Metrics.Sum("gate64.ingress.quic.bytes", "down"));
    }

    [Fact]
    public async Task HelloNeverCompleted_IsRefusedAsClientTimeout_AndLeavesAfterTheHold()
    {
        await using QuicListenerHarness harness = new(options => options.FirstBytesTimeout = TimeSpan.FromSeconds(5));
        using Socket client = harness.NewClient();
        client.Send(QuicClientInitials.FirstFlight("slow.site.test", s_dcid, initials: 2, keyShareBytes: 1216, pieceSize: 200)[0]);
        await QuicListenerHarness.WaitUntilAsync(() => harness.Listener.FlowCount == 1, "the flow is open");

        harness.AdvanceAndSweep(TimeSpan.FromSeconds(6));

        Assert.Equal(1, harness.Metrics.Refused("client_timeout"));
        Assert.Equal(0, harness.Listener.BufferedBytes);
        Assert.Equal(1, harness.Listener.FlowCount);
        harness.AdvanceAndSweep(TimeSpan.FromSeconds(11));
        Assert.Equal(0, harness.Listener.FlowCount);
    }

    [Fact]
    public async Task LookupThatNeverEnds_IsRefusedAfterTheRoutingDeadline_AndGivesItsBytesBack()
    {
        await using QuicListenerHarness harness = new(options =>
        {
            options.FirstBytesTimeout = TimeSpan.FromSeconds(5);
            options.ConnectTimeout = TimeSpan.FromSeconds(5);
        });
        harness.Router.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using Socket client = harness.NewClient();
        client.Send(QuicClientInitials.FirstFlight("site.test", s_dcid)[0]);
        await QuicListenerHarness.WaitUntilAsync(() => harness.Router.Names.Count == 1, "the flow is being routed");

        harness.AdvanceAndSweep(TimeSpan.FromSeconds(9));
        Assert.Equal(0, harness.Metrics.Refused("dns_failure"));
        harness.AdvanceAndSweep(TimeSpan.FromSeconds(2));

        Assert.Equal(1, harness.Metrics.Refused("dns_failure"));
        Assert.Equal(0, harness.Listener.BufferedBytes);
        Assert.True(QuicClientInitials.TryReadConnectionClose(await QuicListenerHarness.ReceiveAsync(client), s_dcid, out _, out string reason));
        Assert.Contains("site.test", reason, StringComparison.Ordinal);
        harness.Router.Hold.SetResult();
        await Task.Delay(100);
        Assert.True(await QuicListenerHarness.NothingWaitingAsync(harness.Backend), "a flow refused while routing was relayed after all");
    }

    [Fact]
    public async Task RefusedName_GetsAServerInitialConnectionClose_OneLogLineAndACountByReason()
    {
        await using QuicListenerHarness harness = new();
        harness.Router.Refusals["v4.site.test"] = IngressRefusal.NoAaaa;
        using Socket client = harness.NewClient();
        byte[] initial = QuicClientInitials.FirstFlight("v4.site.test", s_dcid)[0];

        client.Send(initial);
        byte[] answer = await QuicListenerHarness.ReceiveAsync(client);

        Assert.True(answer.Length < initial.Length * 3, "the answer breaks the anti-amplification limit");
        Assert.True(QuicClientInitials.TryReadConnectionClose(answer, s_dcid, out ulong errorCode, out string reason));
        Assert.Equal(QuicInitialPacketWriter.CryptoErrorBase + (ulong)TlsAlertDescription.UnrecognizedName, errorCode);
        Assert.Contains("v4.site.test has no AAAA record", reason, StringComparison.Ordinal);
        Assert.Equal(1, harness.Metrics.Refused("no_aaaa"));
        (LogLevel level, string line) = Assert.Single(harness.Logger.Lines, line => line.Message.Contains("refused", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, level);
        Assert.Contains("no_aaaa", line, StringComparison.Ordinal);
        Assert.Contains("v4.site.test", line, StringComparison.Ordinal);

        // Retransmissions get the same answer a few times, are never examined again, and log nothing more.
        for (int i = 0; i < 5; i++)
        {
            client.Send(initial);
        }

        await harness.WaitForDropsAsync("refused_flow", 5);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(answer, await QuicListenerHarness.ReceiveAsync(client));
        }

        Assert.True(await QuicListenerHarness.NothingWaitingAsync(client));
        Assert.Equal(1, harness.Metrics.Refused("no_aaaa"));
        Assert.Single(harness.Logger.Lines, line => line.Message.Contains("refused", StringComparison.Ordinal));
        Assert.Equal(["v4.site.test"], harness.Router.Names);
        Assert.True(await QuicListenerHarness.NothingWaitingAsync(harness.Backend));
    }

    /// <summary>
    /// The backend stops listening mid-flow: the ICMP port unreachable its host answers with reaches the flow's socket,
    /// and the flow is refused as backend_refused (counted once and logged), held, then swept.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(20)]
    public async Task BackendPortUnreachable_RefusesTheFlow_UntilTheHoldEnds(int datagrams)
    {
        await using QuicListenerHarness harness = new();
        using Socket client = harness.NewClient();
        client.Send(QuicClientInitials.FirstFlight("site.test", s_dcid)[0]);
        await harness.BackendReceiveAsync();

        // Nothing listens at the backend's port any more; the next datagram meets a port unreachable, which the
        // kernel reports to the next call on the flow's socket: its readiness, or (sent back to back) the next send.
        harness.Backend.Close();
        for (int i = 0; i < datagrams; i++)
        {
            client.Send([0x45, .. RandomNumberGenerator.GetBytes(100)]);
        }

        // The count comes just before the log line, on the relay thread: wait for the line.
        await QuicListenerHarness.WaitUntilAsync(
            () => harness.Logger.Lines.Any(line => line.Message.Contains("port unreachable", StringComparison.Ordinal)), "the refusal is logged");
        Assert.Equal(1, harness.Metrics.Refused("backend_refused"));
        Assert.Equal(1, harness.Listener.FlowCount);   // held as refused, then swept
        harness.AdvanceAndSweep(TimeSpan.FromSeconds(11));
        await QuicListenerHarness.WaitUntilAsync(() => harness.Listener.FlowCount == 0, "the refused flow leaves the table after its hold");
        Assert.Equal(1, harness.Metrics.Refused("backend_refused"));
    }

    /// <summary>
    /// The backend stops listening while the flow is looked up, and its port unreachable is pending on the flow's socket
    /// when the buffered datagrams go out: the send reports it, and the flow is refused then, not relayed into nothing.
    /// </summary>
    [Fact]
    public async Task BackendPortUnreachable_WhileTheBufferedDatagramsGoOut_RefusesTheFlow()
    {
        await using QuicListenerHarness harness = new();
        using Socket client = harness.NewClient();
        (byte[] initial, TaskCompletionSource routing) = await OpenFlowHeldInRoutingAsync(harness, client);
        client.Send(QuicClientInitials.ZeroRtt(s_dcid, 700, 0x5a));
        await QuicListenerHarness.WaitUntilAsync(() => harness.Listener.BufferedBytes > initial.Length, "the 0-RTT datagram is buffered");

        harness.Backend.Close();
        harness.Router.ProbeClosedBackend = true;
        routing.SetResult();

        // Refused before relaying, while its hello is still known: the client is told why, as for any refusal.
        byte[] answer = await QuicListenerHarness.ReceiveAsync(client);
        Assert.True(QuicClientInitials.TryReadConnectionClose(answer, s_dcid, out _, out string reason));
        Assert.Contains("refused the connection", reason, StringComparison.Ordinal);
        Assert.Equal(1, harness.Metrics.Refused("backend_refused"));
        Assert.Equal(0, harness.Metrics.Sum("gate64.ingress.quic.flows.relayed"));
    }

    [Fact]
    public async Task DatagramsOfAnotherConnection_WhileSniffing_AreNotBuffered()
    {
        await using QuicListenerHarness harness = new();
        using Socket client = harness.NewClient();
        byte[][] initials = QuicClientInitials.FirstFlight("site.test", s_dcid, initials: 2, keyShareBytes: 1216, pieceSize: 200);

        client.Send(initials[0]);
        client.Send(QuicClientInitials.ZeroRtt(s_otherDcid, 1200, 7));
        client.Send([0x40, 1, 2, 3]);
        await harness.WaitForDropsAsync("foreign", 2);
        client.Send(initials[1]);

        Assert.Equal([initials[0], initials[1]], await harness.BackendReceiveAsync(2));
    }

    [Fact]
    public async Task VersionNegotiationAndRetryFromTheBackend_ReachTheClientUntouched_AndTheRetriedInitialIsRelayed()
    {
        await using QuicListenerHarness harness = new();
        using Socket client = harness.NewClient();
        client.Send(QuicClientInitials.FirstFlight("site.test", s_dcid)[0]);
        (_, System.Net.IPEndPoint flowSocket) = await harness.BackendReceiveAsync();
        byte[] serverId = Convert.FromHexString("f00df00df00df00d");
        byte[] versionNegotiation = [0xc7, 0, 0, 0, 0, 4, .. QuicClientInitials.SourceConnectionId, 8, .. s_dcid, 0x6b, 0x33, 0x43, 0xcf, 0xff, 0x00, 0x00, 0x1d];
        byte[] retry = [0xf0, 0, 0, 0, 1, 4, .. QuicClientInitials.SourceConnectionId, 8, .. serverId, .. "token"u8, .. RandomNumberGenerator.GetBytes(16)];

        harness.Backend.SendTo(versionNegotiation, flowSocket);
        Assert.Equal(versionNegotiation, await QuicListenerHarness.ReceiveAsync(client));
        harness.Backend.SendTo(retry, flowSocket);
        Assert.Equal(retry, await QuicListenerHarness.ReceiveAsync(client));
        byte[] retried = QuicClientInitials.FirstFlight("site.test", serverId)[0];
        client.Send(retried);

        (byte[] relayed, System.Net.IPEndPoint from) = await harness.BackendReceiveAsync();
        Assert.Equal(retried, relayed);
        Assert.Equal(flowSocket, from);
        Assert.Equal(["site.test"], harness.Router.Names);
    }

    [Fact]
    public async Task BurstFromTheBackendWithSegmentationOffload_ReachesTheClientAsTheSameDatagramsInOrder()
    {
        await using QuicListenerHarness harness = new();
        using Socket client = harness.NewClient();
        client.Send(QuicClientInitials.FirstFlight("site.test", s_dcid)[0]);
        (_, System.Net.IPEndPoint flowSocket) = await harness.BackendReceiveAsync();
        byte[] burst = RandomNumberGenerator.GetBytes(5 * 1200 + 700);

        // One sendmsg with UDP_SEGMENT, as a QUIC server sends its bulk: six datagrams, the last one shorter.
        Assert.Equal(burst.Length, UdpSegmentIo.Send(harness.Backend, burst, flowSocket.Serialize(), 1200));

        for (int i = 0; i < 6; i++)
        {
            byte[] datagram = await QuicListenerHarness.ReceiveAsync(client);
            Assert.Equal(burst.AsSpan(i * 1200, Math.Min(1200, burst.Length - (i * 1200))).ToArray(), datagram);
        }

        Assert.True(await QuicListenerHarness.NothingWaitingAsync(client));
        await harness.DisposeAsync();
        Assert.Equal(burst.Length, harness.Metrics.Sum("gate64.ingress.quic.bytes", "down"));
    }

    [Fact]
    public async Task Junk_NeverThrows_NeverOpensAFlow_AndTheListenerKeepsServing()
    {
        await using QuicListenerHarness harness = new();
        using Socket junk = harness.NewClient();
        Random random = new(20261124);
        byte[] valid = QuicClientInitials.FirstFlight("site.test", s_dcid)[0];
        const int Datagrams = 3000;
        for (int i = 0; i < Datagrams; i++)
        {
            byte[] datagram;
            switch (i % 3)
            {
                case 0:
                    datagram = new byte[random.Next(1, 1500)];
                    random.NextBytes(datagram);
                    break;
                case 1:
                    // Initial-shaped: v1 long header, random DCID and body, full size.
                    datagram = new byte[random.Next(1200, 1500)];
                    random.NextBytes(datagram);
                    datagram[0] = (byte)(0xc0 | (datagram[0] & 0x0f));
                    datagram[1] = 0;
                    datagram[2] = 0;
                    datagram[3] = 0;
                    datagram[4] = 1;
                    datagram[5] = (byte)random.Next(0, 21);
                    break;
                default:
                    datagram = (byte[])valid.Clone();
                    for (int flips = random.Next(1, 4); flips > 0; flips--)
                    {
                        datagram[random.Next(datagram.Length)] ^= (byte)random.Next(1, 256);
                    }

                    break;
            }

            junk.Send(datagram);
            if (i % 200 == 0)
            {
                await Task.Yield();
            }
        }

        await QuicListenerHarness.WaitUntilAsync(() => TotalDropped(harness) >= Datagrams, $"{Datagrams} junk datagrams were counted as dropped (now {TotalDropped(harness)})");
        Assert.Equal(0, harness.Metrics.Dropped("error"));
        Assert.Equal(0, harness.Listener.FlowCount);
        Assert.Empty(harness.Router.Names);
        Assert.False(harness.Running.IsCompleted);

        using Socket client = harness.NewClient();
        client.Send(valid);
        Assert.Equal(valid, (await harness.BackendReceiveAsync()).Datagram);
    }

    [Fact]
    public async Task Stop_EndsTheListenerAndForgetsEveryFlow()
    {
        QuicListenerHarness harness = new();
        using Socket client = harness.NewClient();
        client.Send(QuicClientInitials.FirstFlight("site.test", s_dcid)[0]);
        await harness.BackendReceiveAsync();

        await harness.DisposeAsync();

        Assert.True(harness.Running.IsCompletedSuccessfully);
        Assert.Equal(0, harness.Listener.FlowCount);
        Assert.Equal(0, harness.Metrics.Sum("gate64.ingress.quic.flows.active"));
    }

    private static long TotalDropped(QuicListenerHarness harness) =>
        Enum.GetValues<QuicDropReason>().Sum(reason => harness.Metrics.Dropped(QuicIngressMetrics.Slug(reason)));

    private static byte[] WithVersion(byte[] datagram, uint version)
    {
        byte[] copy = (byte[])datagram.Clone();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(1), version);
        return copy;
    }

    /// <summary>
    /// Sends a client's first Initial for site.test and waits until its flow is being looked up, held there by the
    /// router until the returned source is completed.
    /// </summary>
    private static async Task<(byte[] Initial, TaskCompletionSource Routing)> OpenFlowHeldInRoutingAsync(QuicListenerHarness harness, Socket client)
    {
        TaskCompletionSource routing = new(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Router.Hold = routing;
        byte[] initial = QuicClientInitials.FirstFlight("site.test", s_dcid)[0];
        client.Send(initial);
        await QuicListenerHarness.WaitUntilAsync(() => harness.Router.Names.Count == 1, "the flow is being routed");
        return (initial, routing);
    }
}
