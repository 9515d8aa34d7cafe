using System.Buffers.Binary;
using System.Net;
using Gate64.Protocols.Bgp;
using Gate64.Protocols.Ip;
using static Gate64.Protocols.Tests.Bgp.BgpTestData;

namespace Gate64.Protocols.Tests.Bgp;

/// <summary>
/// Every truncation of every vector and tens of thousands of random mutations per parser, with fixed seeds:
/// no parser throws, and every result is one of the documented outcomes with consistent fields.
/// </summary>
public class BgpRobustnessTests
{
    private const int MutationsPerParser = 25_000;

    [Fact]
    public void EveryTruncationOfEveryVector_EveryParserFailsCleanly()
    {
        int checkedCount = 0;
        foreach (byte[] message in AllVectors())
        {
            for (int cut = 0; cut < message.Length; cut++)
            {
                byte[] truncated = message[..cut];
                Assert.Equal(BgpFrameStatus.Incomplete, BgpMessageHeader.TryRead(truncated, out _, out _, out _));
                Assert.False(BgpOpenCodec.TryParse(truncated, out _, out BgpNotification? openError));
                Assert.NotNull(openError);
                Assert.False(BgpNotificationCodec.TryParse(truncated, out _));
                Assert.False(BgpRouteRefreshCodec.TryParse(truncated, out _, out _));
                BgpUpdateParseResult update = BgpUpdateReader.Parse(truncated);
                Assert.Equal(BgpUpdateOutcome.SessionReset, update.Outcome);
                Assert.Equal(BgpErrorCode.MessageHeader, update.Error!.Code);
                checkedCount++;
            }
        }

        Assert.True(checkedCount > 1000, $"{checkedCount} truncations");
    }

    [Fact]
    public void EveryTruncationOfTheBody_WithTheLengthFixed_NeverThrows()
    {
        // Cutting the body but keeping the header consistent reaches the field parsers rather than the framing.
        int checkedCount = 0;
        foreach (byte[] message in AllVectors())
        {
            for (int cut = 19; cut < message.Length; cut++)
            {
                byte[] truncated = message[..cut];
                BinaryPrimitives.WriteUInt16BigEndian(truncated.AsSpan(16), (ushort)cut);
                CheckAllParsers(truncated);
                checkedCount++;
            }
        }

        Assert.True(checkedCount > 500);
    }

    [Fact]
    public void OversizedMessages_RejectedByEveryParser()
    {
        byte[] huge = new byte[5000];
        huge.AsSpan(0, 16).Fill(0xFF);
        BinaryPrimitives.WriteUInt16BigEndian(huge.AsSpan(16), 5000);
        foreach (byte type in new byte[] { 1, 2, 3, 4, 5 })
        {
            huge[18] = type;
            Assert.Equal(BgpFrameStatus.Invalid, BgpMessageHeader.TryRead(huge, out _, out _, out BgpNotification? error));
            Assert.Equal((1, 2), (error!.Code, error.Subcode));
            CheckAllParsers(huge);
        }

        Assert.Equal(BgpUpdateOutcome.SessionReset, BgpUpdateReader.Parse(huge).Outcome);
    }

    [Fact]
    public void RandomMutations_Open_NeverThrowAndRoundTrip()
    {
        Random random = new(4271);
        byte[][] seeds = [Hex(SpeakerOpen), Hex(BirdOpen), OpenWithEverything()];
        int parsed = 0;
        int failed = 0;
        for (int i = 0; i < MutationsPerParser; i++)
        {
            byte[] mutant = Mutate(random, seeds[i % seeds.Length]);
            CheckAllParsers(mutant);
            if (BgpOpenCodec.TryParse(mutant, out _, out _))
            {
                parsed++;
            }
            else
            {
                failed++;
            }
        }

        Assert.True(parsed > 1000 && failed > 1000, $"{parsed} parsed, {failed} refused");
    }

    [Fact]
    public void RandomMutations_Update_NeverThrowAndEveryOutcomeReached()
    {
        Random random = new(7606);
        byte[][] seeds = [.. UpdateHexVectors.Select(Hex), .. WriterSeeds()];
        Dictionary<BgpUpdateOutcome, int> outcomes = Enum.GetValues<BgpUpdateOutcome>().ToDictionary(o => o, _ => 0);
        for (int i = 0; i < 2 * MutationsPerParser; i++)
        {
            byte[] mutant = Mutate(random, seeds[i % seeds.Length]);
            CheckAllParsers(mutant);
            outcomes[BgpUpdateReader.Parse(mutant).Outcome]++;
        }

        foreach ((BgpUpdateOutcome outcome, int count) in outcomes)
        {
            Assert.True(count > 100, $"{outcome}: {count} of {2 * MutationsPerParser}");
        }
    }

    [Fact]
    public void RandomMutations_NotificationRouteRefreshKeepalive_NeverThrow()
    {
        Random random = new(2918);
        byte[][] seeds = [Hex(ShutdownNotification), Hex(BirdRouteRefresh), Hex(Keepalive), Message(3, "0402"), Message(5, "0002 02 01")];
        int notifications = 0;
        int refreshes = 0;
        for (int i = 0; i < MutationsPerParser; i++)
        {
            byte[] mutant = Mutate(random, seeds[i % seeds.Length]);
            CheckAllParsers(mutant);
            notifications += BgpNotificationCodec.TryParse(mutant, out _) ? 1 : 0;
            refreshes += BgpRouteRefreshCodec.TryParse(mutant, out _, out _) ? 1 : 0;
        }

        Assert.True(notifications > 1000 && refreshes > 1000, $"{notifications} notifications, {refreshes} route refreshes parsed");
    }

    [Fact]
    public void RandomBytes_PrefixCodec_NeverThrows()
    {
        Random random = new(4760);
        byte[] data = new byte[40];
        for (int i = 0; i < MutationsPerParser; i++)
        {
            random.NextBytes(data);
            int length = random.Next(data.Length + 1);
            if (BgpPrefixCodec.TryRead(data.AsSpan(0, length), System.Net.Sockets.AddressFamily.InterNetworkV6, out IpPrefix prefix, out int consumed))
            {
                Assert.InRange(consumed, 1, 17);
                Assert.Equal(data[0], prefix.Length);
            }

            BgpPrefixCodec.TryCount(data.AsSpan(0, length), 32, out int count);
            Assert.InRange(count, 0, length);
        }
    }

    /// <summary>Runs every parser on <paramref name="message"/> and checks each result is consistent.</summary>
    private static void CheckAllParsers(byte[] message)
    {
        BgpFrameStatus status = BgpMessageHeader.TryRead(message, out BgpMessageType type, out int length, out BgpNotification? frameError);
        Assert.True(Enum.IsDefined(status));
        Assert.Equal(status == BgpFrameStatus.Invalid, frameError is not null);
        if (status == BgpFrameStatus.Complete)
        {
            Assert.InRange(length, 19, Math.Min(4096, message.Length));
            Assert.True(Enum.IsDefined(type));
        }

        if (BgpOpenCodec.TryParse(message, out BgpOpen? open, out BgpNotification? openError))
        {
            Assert.NotNull(open);
            Assert.Null(openError);
            Assert.True(open.RouterId != 0 && open.HoldTimeSeconds is not (1 or 2));
            if (message[28] != 255)
            {
                // Written back with all capabilities in one parameter it never grows, and reads back the same.
                byte[] buffer = new byte[BgpOpenCodec.MaxLength];
                int written = BgpOpenCodec.Write(open with { Capabilities = open.Capabilities with { Unrecognized = [] } }, buffer);
                Assert.True(BgpOpenCodec.TryParse(buffer.AsSpan(0, written), out BgpOpen? again, out _));
                Assert.Equal(open.AutonomousSystem, again!.AutonomousSystem);
                Assert.Equal(open.Capabilities.Families, again.Capabilities.Families);
                Assert.Equal(open.Capabilities.GracefulRestart?.Families ?? [], again.Capabilities.GracefulRestart?.Families ?? []);
            }
        }
        else
        {
            Assert.Null(open);
            Assert.NotNull(openError);
            Assert.NotEmpty(openError.Describe());
        }

        if (BgpNotificationCodec.TryParse(message, out BgpNotification? notification))
        {
            Assert.NotEmpty(notification!.Describe());
            byte[] buffer = new byte[4096];
            int written = BgpNotificationCodec.Write(notification, buffer);
            Assert.Equal(message, buffer[..written]);
        }

        if (BgpRouteRefreshCodec.TryParse(message, out BgpAddressFamily family, out _))
        {
            Assert.NotEmpty(family.ToString());
        }

        BgpUpdateParseResult update = BgpUpdateReader.Parse(message);
        Assert.True(Enum.IsDefined(update.Outcome));
        Assert.Equal(update.Outcome == BgpUpdateOutcome.SessionReset, update.Error is not null);
        Assert.Equal(update.Outcome == BgpUpdateOutcome.EndOfRib, update.EndOfRibFamily is not null);
        Assert.True(update.Outcome is BgpUpdateOutcome.Valid or BgpUpdateOutcome.EndOfRib || update.Problem is not null);
        int prefixes = update.Ipv4Announced + update.Ipv4Withdrawn + update.Ipv6Announced + update.Ipv6Withdrawn;
        Assert.InRange(prefixes, 0, message.Length);
        if (update.Error is not null)
        {
            Assert.NotEmpty(update.Error.Describe());
        }
    }

    /// <summary>
    /// One random change (bit flip, interesting byte, 16-bit field, cut, insertion, deletion, duplication), then
    /// mostly a header whose length matches, so the mutation reaches the message body.
    /// </summary>
    private static byte[] Mutate(Random random, byte[] seed)
    {
        List<byte> bytes = [.. seed];
        int rounds = 1 + random.Next(3);
        for (int round = 0; round < rounds; round++)
        {
            int position = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(8))
            {
                case 0 when bytes.Count > 0:
                    bytes[position] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[position] = s_interesting[random.Next(s_interesting.Length)];
                    break;
                case 2 when bytes.Count > 1:
                    position = Math.Min(position, bytes.Count - 2);
                    ushort value = (ushort)(random.Next(4) == 0 ? random.Next(65536) : bytes.Count - position + random.Next(-4, 5));
                    bytes[position] = (byte)(value >> 8);
                    bytes[position + 1] = (byte)value;
                    break;
                case 3:
                    bytes.RemoveRange(position, bytes.Count - position);
                    break;
                case 4:
                    bytes.InsertRange(position, Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (byte)random.Next(256)));
                    break;
                case 5 when bytes.Count > 0:
                    bytes.RemoveRange(position, Math.Min(1 + random.Next(6), bytes.Count - position));
                    break;
                case 6 when bytes.Count > 0:
                    int length = Math.Min(1 + random.Next(20), bytes.Count - position);
                    bytes.InsertRange(position, bytes.GetRange(position, length));
                    break;
                default:
                    if (bytes.Count > 0)
                    {
                        bytes[position] = (byte)random.Next(256);
                    }

                    break;
            }
        }

        byte[] mutant = [.. bytes];
        if (mutant.Length >= 19 && random.Next(4) != 0)
        {
            mutant.AsSpan(0, 16).Fill(0xFF);
            BinaryPrimitives.WriteUInt16BigEndian(mutant.AsSpan(16), (ushort)Math.Min(mutant.Length, 65535));
            mutant[18] = seed.Length >= 19 ? seed[18] : mutant[18];
        }

        return mutant;
    }

    private static readonly byte[] s_interesting = [0x00, 0x01, 0x02, 0x03, 0x04, 0x0F, 0x10, 0x20, 0x21, 0x40, 0x7F, 0x80, 0x81, 0x90, 0xC0, 0xFE, 0xFF];

    private static byte[] OpenWithEverything()
    {
        BgpOpen open = new(4_200_000_001, 90, 0xC0000201, new BgpCapabilities
        {
            Families = [BgpAddressFamily.Ipv4Unicast, BgpAddressFamily.Ipv6Unicast],
            RouteRefresh = true,
            EnhancedRouteRefresh = true,
            FourOctetAs = 4_200_000_001,
            GracefulRestart = new BgpGracefulRestart(true, 120, [new(BgpAddressFamily.Ipv4Unicast, true), new(BgpAddressFamily.Ipv6Unicast, true)]),
        });
        byte[] buffer = new byte[BgpOpenCodec.MaxLength];
        return buffer[..BgpOpenCodec.Write(open, buffer)];
    }

    private static IEnumerable<byte[]> WriterSeeds()
    {
        BgpUpdateWriter writer = new();
        BgpRouteAttributes attributes = new()
        {
            AsPath = [65001, 4_200_000_000],
            MultiExitDiscriminator = 10,
            Communities = [0xFDE90064, BgpCommunity.NoExport],
            LargeCommunities = [new BgpLargeCommunity(65001, 1, 2)],
        };
        IpPrefix[] v4 = new[] { "192.0.2.0/24", "198.51.100.7/32", "203.0.113.0/25", "0.0.0.0/0" }.Select(IpPrefix.Parse).ToArray();
        IpPrefix[] v6 = new[] { "2001:db8::/32", "2001:db8:1::1/128", "2001:db8:2::/64" }.Select(IpPrefix.Parse).ToArray();
        byte[] buffer = new byte[4096];
        yield return buffer[..writer.WriteIpv4Announce(attributes, IPAddress.Parse("192.0.2.1"), v4, buffer, out _)];
        yield return buffer[..writer.WriteIpv6Announce(attributes, IPAddress.Parse("2001:db8::1"), IPAddress.Parse("fe80::1"), v6, buffer, out _)];
        yield return buffer[..writer.WriteWithdraw(BgpAddressFamily.Ipv4Unicast, v4, buffer, out _)];
        yield return buffer[..writer.WriteWithdraw(BgpAddressFamily.Ipv6Unicast, v6, buffer, out _)];
    }
}
