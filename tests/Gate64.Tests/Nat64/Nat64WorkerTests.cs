using Gate64.Nat64;
using static Gate64.Tests.Nat64.Nat64WorkerHarness;

namespace Gate64.Tests.Nat64;

/// <summary>The datapath on an in-memory TUN: what goes in, what comes out, what is dropped and counted.</summary>
public sealed class Nat64WorkerTests
{
    [Fact]
    public void UdpGoesOutFromThePoolAndTheReplyComesBackToTheClient()
    {
        Nat64WorkerHarness nat = new();

        byte[] out4 = nat.SendExpectingOne(Udp6(Client, ServerVia64, 5000, 53));

        Assert.Equal(4, out4[0] >> 4);
        string poolAddress = V4(out4, 12);
        ushort poolPort = Port(out4, 20);
        Assert.StartsWith("203.0.113.", poolAddress, StringComparison.Ordinal);
        Assert.Equal(Server, V4(out4, 16));
        Assert.Equal(53, Port(out4, 22));
        Assert.Equal(63, out4[8]);   // TTL: hop limit 64 − 1
        Nat64TestPackets.AssertChecksums(out4);
        Assert.Equal("hello"u8.ToArray(), out4[28..]);

        byte[] out6 = nat.SendExpectingOne(Udp4(Server, poolAddress, 53, poolPort));

        Assert.Equal(6, out6[0] >> 4);
        Assert.Equal(ServerVia64, V6(out6, 8));
        Assert.Equal(Client, V6(out6, 24));
        Assert.Equal(53, Port(out6, 40));
        Assert.Equal(5000, Port(out6, 42));
        Nat64TestPackets.AssertChecksums(out6);
        Assert.Equal(1, nat.Translated(Nat64Direction.SixToFour));
        Assert.Equal(1, nat.Translated(Nat64Direction.FourToSix));
    }

    [Fact]
    public void TcpHandshakeCreatesASessionBothWays()
    {
        Nat64WorkerHarness nat = new();
        byte[] syn = Nat64TestPackets.Ipv6(Client, ServerVia64, Nat64TestPackets.ProtoTcp, Nat64TestPackets.Tcp(Client, ServerVia64, 40000, 80, [], flags: 0x02));

        byte[] syn4 = nat.SendExpectingOne(syn);
        string poolAddress = V4(syn4, 12);
        ushort poolPort = Port(syn4, 20);
        byte[] synAck = Nat64TestPackets.Ipv4(Server, poolAddress, Nat64TestPackets.ProtoTcp, Nat64TestPackets.Tcp(Server, poolAddress, 80, poolPort, [], flags: 0x12));
        byte[] synAck6 = nat.SendExpectingOne(synAck);

        Nat64TestPackets.AssertChecksums(syn4);
        Nat64TestPackets.AssertChecksums(synAck6);
        Assert.Equal(40000, Port(synAck6, 42));
        Assert.Equal(1, nat.State.SessionCount);
    }

    [Fact]
    public void EchoIdentifiersAreMappedBothWays()
    {
        Nat64WorkerHarness nat = new();
        byte[] request = Nat64TestPackets.Ipv6(Client, ServerVia64, Nat64TestPackets.ProtoIcmpV6,
            Nat64TestPackets.IcmpV6(Client, ServerVia64, 128, 0, (0x1234u << 16) | 1, "ping"u8.ToArray()));

        byte[] request4 = nat.SendExpectingOne(request);
        Assert.Equal(8, request4[20]);
        string poolAddress = V4(request4, 12);
        ushort identifier = Port(request4, 24);
        byte[] reply4 = Nat64TestPackets.Ipv4(Server, poolAddress, Nat64TestPackets.ProtoIcmp,
            Nat64TestPackets.IcmpV4(0, 0, ((uint)identifier << 16) | 1, "ping"u8.ToArray()));
        byte[] reply6 = nat.SendExpectingOne(reply4);

        Assert.Equal(129, reply6[40]);
        Assert.Equal(0x1234, Port(reply6, 44));
        Assert.Equal(Client, V6(reply6, 24));
        Nat64TestPackets.AssertChecksums(reply6);
    }

    [Fact]
    public void ASourceOutsideTheAllowListIsDroppedSilently()
    {
        Nat64WorkerHarness nat = new();

        Assert.Empty(nat.Send(Udp6("2001:db8:2::2", ServerVia64, 5000, 53)));
        Assert.Equal(1, nat.Dropped(Nat64DropReason.NotAllowed));
        Assert.Equal(0, nat.State.BindingCount);
    }

    [Theory]
    [InlineData("ff02::2", "fe80::1")]              // router solicitation-like, link-local
    [InlineData("2001:db8:99::1", "2001:db8:1::2")] // routed here by mistake
    public void PacketsNotForTheNat64AreIgnored(string destination, string source)
    {
        Nat64WorkerHarness nat = new();
        byte[] packet = Nat64TestPackets.Ipv6(source, destination, Nat64TestPackets.ProtoIcmpV6,
            Nat64TestPackets.IcmpV6(source, destination, 133, 0, 0, []), hopLimit: 255);

        Assert.Empty(nat.Send(packet));
        Assert.Equal(1, nat.Dropped(Nat64DropReason.NotForUs));
    }

    [Theory]
    [InlineData("2001:db8:64::7f00:1")]   // 127.0.0.1
    [InlineData("2001:db8:64::e000:1")]   // 224.0.0.1
    [InlineData("2001:db8:64::ffff:ffff")] // 255.255.255.255
    [InlineData("2001:db8:64::1")]        // 0.0.0.1
    public void UnusableIpv4DestinationsAreDropped(string destination)
    {
        Nat64WorkerHarness nat = new();

        Assert.Empty(nat.Send(Udp6(Client, destination, 5000, 53)));
        Assert.Equal(1, nat.Dropped(Nat64DropReason.BadDestination));
    }

    [Fact]
    public void Ipv4ToAPoolPortWithoutBindingGetsHostUnreachableFromThePoolAddress()
    {
        Nat64WorkerHarness nat = new();

        byte[] error = nat.SendExpectingOne(Udp4(Server, "203.0.113.1", 53, 40000));

        Assert.Equal("203.0.113.1", V4(error, 12));
        Assert.Equal(Server, V4(error, 16));
        Assert.Equal(1, error[9]);
        Assert.Equal((3, 1), (error[20], error[21]));
        Nat64TestPackets.AssertChecksums(error);
        Assert.Equal(1, nat.Dropped(Nat64DropReason.NoBinding));
    }

    [Fact]
    public void AnExpiringHopLimitGetsTimeExceededFromTheTranslatorsAddress()
    {
        Nat64WorkerHarness nat = new();

        byte[] error = nat.SendExpectingOne(Udp6(Client, ServerVia64, 5000, 53, hopLimit: 1));

        Assert.Equal(6, error[0] >> 4);
        Assert.Equal(TranslatorAddress, V6(error, 8));
        Assert.Equal(Client, V6(error, 24));
        Assert.Equal((3, 0), (error[40], error[41]));
        Nat64TestPackets.AssertChecksums(error);
    }

    [Fact]
    public void AnIcmpv4PortUnreachableIsTranslatedWithItsQuotedPacket()
    {
        Nat64WorkerHarness nat = new();
        byte[] out4 = nat.SendExpectingOne(Udp6(Client, ServerVia64, 5000, 9));
        string poolAddress = V4(out4, 12);
        byte[] unreachable = Nat64TestPackets.Ipv4(Server, poolAddress, Nat64TestPackets.ProtoIcmp, Nat64TestPackets.IcmpV4(3, 3, 0, out4));

        byte[] error6 = nat.SendExpectingOne(unreachable);

        Assert.Equal(ServerVia64, V6(error6, 8));
        Assert.Equal(Client, V6(error6, 24));
        Assert.Equal((1, 4), (error6[40], error6[41]));   // port unreachable
        byte[] quoted = error6[48..];
        Assert.Equal(Client, V6(quoted, 8));
        Assert.Equal(ServerVia64, V6(quoted, 24));
        Assert.Equal(5000, Port(quoted, 40));
        Assert.Equal(9, Port(quoted, 42));
        Nat64TestPackets.AssertChecksums(error6);
    }

    [Fact]
    public void AnIcmpv6ErrorFromTheClientIsTranslatedForTheServer()
    {
        Nat64WorkerHarness nat = new();
        byte[] out4 = nat.SendExpectingOne(Udp6(Client, ServerVia64, 5000, 53));
        string poolAddress = V4(out4, 12);
        ushort poolPort = Port(out4, 20);
        byte[] reply6 = nat.SendExpectingOne(Udp4(Server, poolAddress, 53, poolPort));
        byte[] unreachable = Nat64TestPackets.Ipv6(Client, ServerVia64, Nat64TestPackets.ProtoIcmpV6,
            Nat64TestPackets.IcmpV6(Client, ServerVia64, 1, 4, 0, reply6));

        byte[] error4 = nat.SendExpectingOne(unreachable);

        Assert.Equal(poolAddress, V4(error4, 12));
        Assert.Equal(Server, V4(error4, 16));
        Assert.Equal((3, 3), (error4[20], error4[21]));
        byte[] quoted = error4[28..];
        Assert.Equal(Server, V4(quoted, 12));
        Assert.Equal(poolAddress, V4(quoted, 16));
        Assert.Equal(53, Port(quoted, 20));
        Assert.Equal(poolPort, Port(quoted, 22));
        Nat64TestPackets.AssertChecksums(error4);
    }

    [Fact]
    public void HairpinningConnectsTwoClientsThroughThePool()
    {
        Nat64WorkerHarness nat = new();
        // The other client talks to the IPv4 world first, so it holds a pool address and port.
        byte[] first = nat.SendExpectingOne(Udp6(OtherClient, ServerVia64, 7000, 53));
        string otherPool = V4(first, 12);
        ushort otherPort = Port(first, 20);
        string otherVia64 = new System.Net.IPAddress([.. System.Net.IPAddress.Parse("2001:db8:64::").GetAddressBytes()[..12], .. System.Net.IPAddress.Parse(otherPool).GetAddressBytes()]).ToString();

        byte[] hairpinned = nat.SendExpectingOne(Udp6(Client, otherVia64, 5000, otherPort));

        Assert.Equal(6, hairpinned[0] >> 4);
        Assert.Equal(OtherClient, V6(hairpinned, 24));
        Assert.Equal(7000, Port(hairpinned, 42));
        Assert.StartsWith("2001:db8:64::cb00:71", V6(hairpinned, 8), StringComparison.Ordinal);   // the client's own pool address
        Assert.Equal(62, hairpinned[7]);   // two translations, two hops
        Nat64TestPackets.AssertChecksums(hairpinned);
        Assert.Equal(1, nat.Translated(Nat64Direction.Hairpin));
    }

    [Fact]
    public void AClientOverItsQuotaGetsAddressUnreachable()
    {
        Nat64WorkerHarness nat = new(quota: 1);
        nat.SendExpectingOne(Udp6(Client, ServerVia64, 5000, 53));

        byte[] error = nat.SendExpectingOne(Udp6(Client, ServerVia64, 5001, 53));

        Assert.Equal(TranslatorAddress, V6(error, 8));
        Assert.Equal((1, 3), (error[40], error[41]));
        Assert.Equal(1, nat.Dropped(Nat64DropReason.QuotaExceeded));
    }

    [Fact]
    public void AddressDependentFilteringRefusesOtherHostsWithAdministrativelyProhibited()
    {
        Nat64WorkerHarness nat = new(addressDependentFiltering: true);
        byte[] out4 = nat.SendExpectingOne(Udp6(Client, ServerVia64, 5000, 53));

        byte[] error = nat.SendExpectingOne(Udp4("198.51.100.3", V4(out4, 12), 53, Port(out4, 20)));

        Assert.Equal((3, 13), (error[20], error[21]));
        Assert.Equal(1, nat.Dropped(Nat64DropReason.Filtered));
    }

    [Fact]
    public void NonFirstFragmentWithoutItsFirst_HeldNotSent()
    {
        Nat64WorkerHarness nat = new();
        byte[] fragment = Nat64TestPackets.Ipv4(Server, "203.0.113.1", Nat64TestPackets.ProtoUdp, new byte[16], fragmentOffset: 8);

        Assert.Empty(nat.Send(fragment));
        Assert.Equal(1, nat.Worker.Counters.FragmentsHeld);
        Assert.Equal(1, nat.Path.Fragments.Count);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x60 })]
    [InlineData(new byte[] { 0x45, 0, 0, 20 })]
    [InlineData(new byte[] { 0x10, 1, 2, 3 })]
    public void GarbageIsDropped(byte[] packet)
    {
        Nat64WorkerHarness nat = new();
        if (packet.Length == 0)
        {
            return;   // a TUN read never returns an empty packet; Run stops on 0
        }

        Assert.Empty(nat.Send(packet));
        Assert.Equal(1, nat.Dropped(Nat64DropReason.Malformed));
    }

    [Fact]
    public void RandomMutationsNeverThrow()
    {
        Nat64WorkerHarness nat = new();
        Random random = new(64);
        byte[][] seeds =
        [
            Udp6(Client, ServerVia64, 5000, 53),
            Udp4(Server, "203.0.113.1", 53, 5000),
            Nat64TestPackets.Ipv6(Client, ServerVia64, Nat64TestPackets.ProtoIcmpV6, Nat64TestPackets.IcmpV6(Client, ServerVia64, 1, 4, 0, Udp6(ServerVia64, Client, 53, 5000))),
        ];
        for (int i = 0; i < 20_000; i++)
        {
            byte[] packet = (byte[])seeds[i % seeds.Length].Clone();
            for (int flips = random.Next(1, 4); flips > 0; flips--)
            {
                packet[random.Next(packet.Length)] = (byte)random.Next(256);
            }
            packet = packet[..random.Next(1, packet.Length + 1)];
            nat.Send(packet);
        }
    }

    [Fact]
    public void TranslatingAKnownFlowAllocatesNothing()
    {
        Nat64WorkerHarness nat = new();
        byte[] packet = Udp6(Client, ServerVia64, 5000, 53);
        CountingTunQueue counting = new();
        Nat64Worker worker = new(nat.Path, counting);
        for (int i = 0; i < 100; i++)
        {
            worker.Process(packet);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            worker.Process(packet);
        }
        long after = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(1100, counting.Count);
        Assert.Equal(0, after - before);
    }

    [Fact]
    public void RunStopsWhenTheQueueStops()
    {
        Nat64WorkerHarness nat = new();
        nat.Tun.Inject(Udp6(Client, ServerVia64, 5000, 53));
        nat.Tun.Stop();

        nat.Worker.Run();

        Assert.Equal(4, nat.Tun.TakeSingle()[0] >> 4);
    }
}
