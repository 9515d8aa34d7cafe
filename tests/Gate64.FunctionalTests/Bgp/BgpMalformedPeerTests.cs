using System.Diagnostics;
using System.Globalization;
using System.Net;
using Gate64.Protocols.Bgp;
using Gate64.Testing.Bgp;
using Xunit.Abstractions;

namespace Gate64.FunctionalTests.Bgp;

/// <summary>
/// <c>gate64 bgp</c> against a router scripted in the test (<see cref="ScriptedBgpPeer"/> on 127.0.0.1; the
/// speaker runs in the test's namespace and dials it). Connection by connection the "router" misbehaves in
/// one way and the speaker must answer with the NOTIFICATION RFC 4271 prescribes (or, for a malformed
/// attribute, keep the session: RFC 7606), close, and dial again after a backoff that grows (1, 2, 4 s,
/// jittered down to 0.75×) until a well-behaved router gets a session and the speaker's End-of-RIB.
/// </summary>
[Collection(BgpEndToEndCollection.Name)]
public sealed class BgpMalformedPeerTests(ITestOutputHelper output)
{
    private const uint LocalAs = 65001;
    private const uint PeerAs = 65000;
    private const ushort HoldTime = 3;

    private static readonly IPAddress s_peerRouterId = IPAddress.Parse("198.51.100.1");
    private static readonly TimeSpan s_step = TimeSpan.FromSeconds(10);

    [Fact(Timeout = BgpEndToEnd.TestMilliseconds)]
    public async Task BrokenHeaderVersionAndPeerAs_GetTheirNotifications_BackoffGrows_ThenEstablishesWithAGoodPeer()
    {
        await using ScriptedBgpPeer peer = ScriptedBgpPeer.Start();
        await using Gate64BgpProcess speaker = StartSpeaker(peer);

        // (a) A header whose marker is not all ones: 1/1 Connection Not Synchronized.
        ScriptedBgpConnection badMarker = await peer.NextConnectionAsync(BgpEndToEnd.Session);
        BgpOpen open = await badMarker.ReceiveOpenAsync(s_step);
        Assert.Equal(LocalAs, open.AutonomousSystem);
        Assert.Equal(HoldTime, open.HoldTimeSeconds);
        Assert.Equal(LocalAs, open.Capabilities.FourOctetAs);
        Assert.True(open.Capabilities.RouteRefresh);
        Assert.Equal([BgpAddressFamily.Ipv4Unicast], open.Capabilities.Families);
        Assert.NotNull(open.Capabilities.GracefulRestart);
        await badMarker.SendAsync(ScriptedBgpMessages.KeepaliveWithBrokenMarker());
        await ExpectNotificationAndCloseAsync(badMarker, BgpErrorCode.MessageHeader, BgpHeaderErrorSubcode.ConnectionNotSynchronized);

        // (b) An OPEN of version 3: 2/1 Unsupported Version Number, the data naming version 4.
        ScriptedBgpConnection version3 = await peer.NextConnectionAsync(s_step);
        await version3.ReceiveOpenAsync(s_step);
        await version3.SendAsync(ScriptedBgpMessages.OpenWithVersion(3, PeerAs, HoldTime, s_peerRouterId));
        BgpNotification unsupported = await ExpectNotificationAndCloseAsync(version3, BgpErrorCode.Open, BgpOpenErrorSubcode.UnsupportedVersionNumber);
        Assert.Equal(new byte[] { 0, 4 }, unsupported.Data.ToArray());

        // (c) An OPEN from another AS than configured: 2/2 Bad Peer AS.
        ScriptedBgpConnection wrongAs = await peer.NextConnectionAsync(s_step);
        await wrongAs.ReceiveOpenAsync(s_step);
        await wrongAs.SendAsync(ScriptedBgpMessages.Open(PeerAs + 2, HoldTime, s_peerRouterId));
        await ExpectNotificationAndCloseAsync(wrongAs, BgpErrorCode.Open, BgpOpenErrorSubcode.BadPeerAs);

        // Then a router that behaves: Established, the announced prefix, End-of-RIB.
        ScriptedBgpConnection good = await peer.NextConnectionAsync(s_step);
        IReadOnlyList<BgpUpdateParseResult> updates = await EstablishAsync(good);
        Assert.Contains(updates, u => u is { Outcome: BgpUpdateOutcome.Valid, Ipv4Announced: 1 });
        await speaker.WaitForLogLineAsync(s_step, "established with AS 65000");

        AssertBackoff([(badMarker, version3, 1), (version3, wrongAs, 2), (wrongAs, good, 4)]);
    }

    [Fact(Timeout = BgpEndToEnd.TestMilliseconds)]
    public async Task MalformedOriginIsTreatedAsWithdraw_SilenceExpiresTheHoldTimer_OverrunningAttributesReset_ThenEstablishes()
    {
        await using ScriptedBgpPeer peer = ScriptedBgpPeer.Start();
        await using Gate64BgpProcess speaker = StartSpeaker(peer);

        // (d) An UPDATE with ORIGIN 5: treat-as-withdraw, no NOTIFICATION; the speaker's keepalives keep coming for
        // longer than a hold time (which also makes the session "stable": the backoff starts over at 1 s).
        ScriptedBgpConnection badOrigin = await peer.NextConnectionAsync(BgpEndToEnd.Session);
        await EstablishAsync(badOrigin);
        badOrigin.StartKeepalives(TimeSpan.FromSeconds(1));
        await badOrigin.SendAsync(ScriptedBgpMessages.UpdateWithInvalidOrigin(PeerAs, s_peerRouterId));
        int keepalives = await CountKeepalivesForAsync(badOrigin, TimeSpan.FromSeconds(HoldTime + 1.5));
        Assert.True(keepalives >= HoldTime, $"{keepalives} KEEPALIVEs in {HoldTime + 1.5} s after the malformed UPDATE");
        await speaker.WaitForLogLineAsync(s_step, "treated as withdraw", "malformed ORIGIN");
        Assert.Empty(speaker.LogLines("session down"));
        await badOrigin.DisposeAsync();
        long badOriginClosedAt = Stopwatch.GetTimestamp();

        // (e) A valid OPEN and KEEPALIVE, then silence: 4/0 Hold Timer Expired after the 3 s hold time.
        ScriptedBgpConnection silent = await peer.NextConnectionAsync(s_step);
        await EstablishAsync(silent);
        Stopwatch quiet = Stopwatch.StartNew();   // the speaker's last message from us was EstablishAsync's KEEPALIVE
        await ExpectNotificationAndCloseAsync(silent, BgpErrorCode.HoldTimerExpired, 0);
        TimeSpan heldFor = quiet.Elapsed;
        output.WriteLine($"hold timer expired {heldFor.TotalMilliseconds:0} ms after the last message");
        Assert.InRange(heldFor, TimeSpan.FromSeconds(HoldTime - 0.2), TimeSpan.FromSeconds(HoldTime + 2));

        // (f) An UPDATE whose Total Path Attribute Length overruns the message: 3/1 Malformed Attribute List.
        ScriptedBgpConnection overrun = await peer.NextConnectionAsync(s_step);
        await EstablishAsync(overrun);
        await overrun.SendAsync(ScriptedBgpMessages.UpdateWithOverrunningAttributeLength(PeerAs, s_peerRouterId));
        await ExpectNotificationAndCloseAsync(overrun, BgpErrorCode.Update, BgpUpdateErrorSubcode.MalformedAttributeList);

        ScriptedBgpConnection good = await peer.NextConnectionAsync(s_step);
        await EstablishAsync(good);
        await speaker.WaitForLogLinesAsync(4, s_step, "established with AS 65000");

        TimeSpan first = Stopwatch.GetElapsedTime(badOriginClosedAt, silent.AcceptedAt);
        output.WriteLine($"reconnect after the closed session: {first.TotalMilliseconds:0} ms (nominal 1 s)");
        Assert.InRange(first, TimeSpan.FromSeconds(0.6), TimeSpan.FromSeconds(2.5));
        AssertBackoff([(silent, overrun, 2), (overrun, good, 4)]);
    }

    private static Gate64BgpProcess StartSpeaker(ScriptedBgpPeer peer) =>
        Gate64BgpProcess.Start(null,
        [
            "bgp", "--local-as", LocalAs.ToString(CultureInfo.InvariantCulture), "--router-id", "198.51.100.2",
            "--neighbor", peer.NeighborArgument(PeerAs), "--no-owned-routes",
            "--hold-time", HoldTime.ToString(CultureInfo.InvariantCulture), "--announce", "198.51.100.128/25",
        ]);

    /// <summary>
    /// Plays a good router: reads the speaker's OPEN, sends ours and a KEEPALIVE, expects the speaker's
    /// KEEPALIVE, then reads its UPDATEs up to the IPv4 End-of-RIB and returns them parsed.
    /// </summary>
    private static async Task<IReadOnlyList<BgpUpdateParseResult>> EstablishAsync(ScriptedBgpConnection connection)
    {
        await connection.ReceiveOpenAsync(s_step);
        byte[] openAndKeepalive = [.. ScriptedBgpMessages.Open(PeerAs, HoldTime, s_peerRouterId), .. ScriptedBgpMessages.Keepalive()];
        await connection.SendAsync(openAndKeepalive);
        await connection.ReceiveExpectingAsync(BgpMessageType.Keepalive, s_step);
        List<BgpUpdateParseResult> updates = [];
        while (true)
        {
            byte[] update = await connection.ReceiveExpectingAsync(BgpMessageType.Update, s_step, skipKeepalives: true);
            BgpUpdateParseResult parsed = BgpUpdateReader.Parse(update);
            Assert.NotEqual(BgpUpdateOutcome.SessionReset, parsed.Outcome);
            Assert.NotEqual(BgpUpdateOutcome.TreatAsWithdraw, parsed.Outcome);
            updates.Add(parsed);
            if (parsed.Outcome == BgpUpdateOutcome.EndOfRib)
            {
                Assert.Equal(BgpAddressFamily.Ipv4Unicast, parsed.EndOfRibFamily);
                return updates;
            }
        }
    }

    private static async Task<BgpNotification> ExpectNotificationAndCloseAsync(ScriptedBgpConnection connection, byte code, byte subcode)
    {
        BgpNotification notification = await connection.ReceiveNotificationAsync(s_step);
        Assert.True(notification.Code == code && notification.Subcode == subcode,
            $"expected NOTIFICATION {code}/{subcode}, got {notification.Code}/{notification.Subcode} ({notification.Describe()})");
        await connection.WaitForCloseAsync(s_step);
        return notification;
    }

    /// <summary>Reads for <paramref name="duration"/>: only KEEPALIVEs may come, and the connection must stay open.</summary>
    private static async Task<int> CountKeepalivesForAsync(ScriptedBgpConnection connection, TimeSpan duration)
    {
        Stopwatch elapsed = Stopwatch.StartNew();
        int keepalives = 0;
        while (elapsed.Elapsed < duration)
        {
            byte[]? message;
            try
            {
                message = await connection.ReceiveAsync(duration - elapsed.Elapsed);
            }
            catch (TimeoutException)
            {
                break;
            }

            Assert.True(message is not null, "the speaker closed the session after a malformed attribute (RFC 7606 wants treat-as-withdraw)");
            Assert.True(message[BgpMessageHeader.Length - 1] == (byte)BgpMessageType.Keepalive, $"unexpected {ScriptedBgpConnection.Describe(message)}");
            keepalives++;
        }

        return keepalives;
    }

    /// <summary>Each reconnect waited about its nominal delay (jitter makes it 0.75–1×; load may add a little), and the delays grew.</summary>
    private void AssertBackoff(IReadOnlyList<(ScriptedBgpConnection Closed, ScriptedBgpConnection Next, double NominalSeconds)> steps)
    {
        List<TimeSpan> gaps = [];
        foreach ((ScriptedBgpConnection closed, ScriptedBgpConnection next, double nominal) in steps)
        {
            Assert.True(closed.ClosedAt is not null, "the connection was not seen closing");
            TimeSpan gap = Stopwatch.GetElapsedTime(closed.ClosedAt.Value, next.AcceptedAt);
            output.WriteLine($"reconnect after {gap.TotalMilliseconds:0} ms (nominal {nominal} s)");
            Assert.InRange(gap, TimeSpan.FromSeconds((0.75 * nominal) - 0.2), TimeSpan.FromSeconds(nominal + 1.5));
            gaps.Add(gap);
        }

        Assert.True(gaps[^1] > gaps[0], $"the backoff did not grow: {string.Join(", ", gaps.Select(g => $"{g.TotalMilliseconds:0} ms"))}");
    }
}
