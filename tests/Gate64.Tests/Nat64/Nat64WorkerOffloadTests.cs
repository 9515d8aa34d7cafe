using Gate64.Nat64;
using Gate64.Protocols.Ip;
using Gate64.Protocols.Nat64;
using static Gate64.Tests.Nat64.Nat64WorkerHarness;
using static Gate64.Tests.Nat64.OffloadFrames;

namespace Gate64.Tests.Nat64;

/// <summary>The datapath on a TUN with offloads: frames with a virtio header, super-packets, partial checksums.</summary>
public sealed class Nat64WorkerOffloadTests
{
    private static (string PoolAddress, ushort PoolPort) OpenTcp(Nat64WorkerHarness nat, ushort clientPort = 40000, ushort serverPort = 5201)
    {
        byte[] syn = Nat64TestPackets.Ipv6(Client, ServerVia64, Nat64TestPackets.ProtoTcp, Nat64TestPackets.Tcp(Client, ServerVia64, clientPort, serverPort, [], flags: 0x02));
        (VirtioNetHeader header, byte[] syn4) = Split(nat.SendExpectingOne(Plain(syn)));
        Assert.Equal(default, header);
        string poolAddress = V4(syn4, 12);
        ushort poolPort = Port(syn4, 20);
        byte[] synAck = Nat64TestPackets.Ipv4(Server, poolAddress, Nat64TestPackets.ProtoTcp, Nat64TestPackets.Tcp(Server, poolAddress, serverPort, poolPort, [], flags: 0x12));
        nat.SendExpectingOne(Plain(synAck));
        return (poolAddress, poolPort);
    }

    [Fact]
    public void TcpSuperPacket_TranslatedOnceBothWays_SegmentsCounted()
    {
        Nat64WorkerHarness nat = new(virtioHeader: true);
        (string poolAddress, ushort poolPort) = OpenTcp(nat);

        byte[] out4 = nat.SendExpectingOne(TcpSuperPacket(Client, ServerVia64, 40000, 5201, 44 * 1440, 1440));
        byte[] out6 = nat.SendExpectingOne(TcpSuperPacket(Server, poolAddress, 5201, poolPort, 40 * 1448, 1448));

        (VirtioNetHeader header4, byte[] packet4) = Split(out4);
        Assert.Equal(new VirtioNetHeader(VirtioNetHeaderFlags.NeedsChecksum, VirtioGsoType.TcpV4, 40, 1440, 20, 16), header4);
        Assert.Equal(poolAddress, V4(packet4, 12));
        Assert.Equal(Server, V4(packet4, 16));
        Assert.Equal(poolPort, Port(packet4, 20));
        AssertCompletes(out4);
        (VirtioNetHeader header6, byte[] packet6) = Split(out6);
        Assert.Equal(new VirtioNetHeader(VirtioNetHeaderFlags.NeedsChecksum, VirtioGsoType.TcpV6, 60, 1440, 40, 16), header6);   // 1448 lowered to fit 1500
        Assert.Equal(Client, V6(packet6, 24));
        Assert.Equal(40000, Port(packet6, 42));
        AssertCompletes(out6);

        Assert.Equal(1 + 44, nat.Translated(Nat64Direction.SixToFour));
        Assert.Equal(1 + 41, nat.Translated(Nat64Direction.FourToSix));   // 40 × 1448 bytes in 1440-byte segments
        Assert.Equal(1, nat.SuperPackets(Nat64Direction.SixToFour));
        Assert.Equal(1, nat.SuperPackets(Nat64Direction.FourToSix));
        Assert.Equal(1, nat.State.SessionCount);
    }

    [Fact]
    public void TcpSuperPacketWithoutASession_DroppedByTheStateMachine()
    {
        Nat64WorkerHarness nat = new(virtioHeader: true);

        Assert.Empty(nat.Send(TcpSuperPacket(Client, ServerVia64, 40000, 5201, 5000, 1440)));

        Assert.Equal(1, nat.Dropped(Nat64DropReason.StateDropped));
    }

    [Fact]
    public void PartialChecksumOfASinglePacket_CompletedAndSentWithoutOffload()
    {
        Nat64WorkerHarness nat = new(virtioHeader: true);

        (VirtioNetHeader header, byte[] packet) = Split(nat.SendExpectingOne(UdpPartial(Client, ServerVia64, 5000, 53, Nat64TestPackets.Data(64))));

        Assert.Equal(default, header);
        Assert.Equal(4, packet[0] >> 4);
        Nat64TestPackets.AssertChecksums(packet);
        Assert.Equal(1, nat.Translated(Nat64Direction.SixToFour));
        Assert.Equal(0, nat.SuperPackets(Nat64Direction.SixToFour));
    }

    [Fact]
    public void UdpSuperPacket_Hairpinned_ArrivesAsAnIpv6SuperPacket()
    {
        Nat64WorkerHarness nat = new(virtioHeader: true);
        byte[] opened = Split(nat.SendExpectingOne(Plain(Udp6(OtherClient, ServerVia64, 6000, 53)))).Packet;
        string otherPool = V4(opened, 12);
        ushort otherPort = Port(opened, 20);
        string otherVia64 = Nat64Prefix.Parse(Prefix).Embed(System.Net.IPAddress.Parse(otherPool)).ToString();

        byte[] frame = nat.SendExpectingOne(UdpSuperPacket(Client, otherVia64, 5000, otherPort, 5 * 1000, 1000));

        (VirtioNetHeader header, byte[] packet) = Split(frame);
        Assert.Equal(new VirtioNetHeader(VirtioNetHeaderFlags.NeedsChecksum, VirtioGsoType.UdpL4, 48, 1000, 40, 6), header);
        Assert.Equal(OtherClient, V6(packet, 24));
        Assert.Equal(6000, Port(packet, 42));
        AssertCompletes(frame);
        Assert.Equal(5, nat.Translated(Nat64Direction.Hairpin));
        Assert.Equal(1, nat.SuperPackets(Nat64Direction.Hairpin));
    }

    /// <summary>Fragments of one translation are written one by one, each with a header of its own.</summary>
    [Fact]
    public void Fragments_EachWrittenWithAnEmptyHeader()
    {
        Nat64WorkerHarness nat = new(virtioHeader: true);
        byte[] opened = Split(nat.SendExpectingOne(Plain(Udp6(Client, ServerVia64, 5000, 53)))).Packet;
        byte[] reply = Nat64TestPackets.Ipv4(Server, V4(opened, 12), Nat64TestPackets.ProtoUdp,
            Nat64TestPackets.Udp(Server, V4(opened, 12), 53, Port(opened, 20), Nat64TestPackets.Data(3000)));   // no DF: fragmented to 1280

        byte[][] written = nat.Send(Plain(reply));

        Assert.Equal(3, written.Length);
        int payload = 0;
        foreach (byte[] frame in written)
        {
            (VirtioNetHeader header, byte[] fragment) = Split(frame);
            Assert.Equal(default, header);
            Assert.Equal(6, fragment[0] >> 4);
            Assert.Equal(44, fragment[6]);
            Assert.True(fragment.Length <= 1280);
            payload += fragment.Length - 48;
        }
        Assert.Equal(8 + 3000, payload);
    }

    [Fact]
    public void HopLimitExpiredOnASuperPacket_TimeExceededWithAnEmptyHeader()
    {
        Nat64WorkerHarness nat = new(virtioHeader: true);
        OpenTcp(nat);

        (VirtioNetHeader header, byte[] error) = Split(nat.SendExpectingOne(TcpSuperPacket(Client, ServerVia64, 40000, 5201, 9000, 1440, hopLimit: 1)));

        Assert.Equal(default, header);
        Assert.Equal(6, error[0] >> 4);
        Assert.Equal(58, error[6]);
        Assert.Equal(3, error[40]);   // ICMPv6 Time Exceeded
        Assert.True(error.Length <= 1280);
        Nat64TestPackets.AssertChecksums(error);
    }

    [Fact]
    public void FrameShorterThanTheHeader_Dropped()
    {
        Nat64WorkerHarness nat = new(virtioHeader: true);

        for (int length = 1; length <= VirtioNetHeader.Size; length++)
        {
            Assert.Empty(nat.Send(new byte[length]));
        }

        Assert.Equal(VirtioNetHeader.Size - 1, nat.Dropped(Nat64DropReason.BadOffloadHeader));
        Assert.Equal(1, nat.Dropped(Nat64DropReason.Malformed));   // a header and no packet
    }

    [Fact]
    public void PartialChecksumOutsideThePacket_Dropped()
    {
        Nat64WorkerHarness nat = new(virtioHeader: true);
        byte[] frame = UdpPartial(Client, ServerVia64, 5000, 53, Nat64TestPackets.Data(10));
        new VirtioNetHeader(VirtioNetHeaderFlags.NeedsChecksum, VirtioGsoType.None, 0, 0, 40, 600).Write(frame);

        Assert.Empty(nat.Send(frame));

        Assert.Equal(1, nat.Dropped(Nat64DropReason.BadOffloadHeader));
    }

    [Fact]
    public void MalformedSuperPacketHeader_DroppedByTheTranslator()
    {
        Nat64WorkerHarness nat = new(virtioHeader: true);
        OpenTcp(nat);
        byte[] zeroSize = TcpSuperPacket(Client, ServerVia64, 40000, 5201, 9000, 1440);
        (VirtioNetHeader header, _) = Split(zeroSize);
        (header with { GsoSize = 0 }).Write(zeroSize);
        byte[] unknownType = TcpSuperPacket(Client, ServerVia64, 40000, 5201, 9000, 1440);
        (header with { GsoType = (VirtioGsoType)9 }).Write(unknownType);

        Assert.Empty(nat.Send(zeroSize));
        Assert.Empty(nat.Send(unknownType));

        Assert.Equal(1, nat.TranslatorDropped(TranslationDropReason.MalformedOffload));
        Assert.Equal(1, nat.TranslatorDropped(TranslationDropReason.UnsupportedOffload));
    }

    [Fact]
    public void SuperPacketsOfAKnownFlow_AllocateNothing()
    {
        Nat64WorkerHarness nat = new(virtioHeader: true);
        (string poolAddress, ushort poolPort) = OpenTcp(nat);
        CountingTunQueue counting = new();
        Nat64Worker worker = new(nat.Path, counting, virtioHeader: true);
        byte[] outbound = TcpSuperPacket(Client, ServerVia64, 40000, 5201, 60000, 1440);
        byte[] inbound = TcpSuperPacket(Server, poolAddress, 5201, poolPort, 60000, 1448);
        byte[] partial = UdpPartial(Client, ServerVia64, 5000, 53, Nat64TestPackets.Data(64));
        for (int i = 0; i < 50; i++)
        {
            worker.Process(outbound);
            worker.Process(inbound);
            worker.Process(partial);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 500; i++)
        {
            worker.Process(outbound);
            worker.Process(inbound);
            worker.Process(partial);
        }
        long after = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(550 * 3, counting.Count);
        Assert.Equal(0, after - before);
    }

    /// <summary>
    /// 20,000 random mutations of frames (virtio header and packet) through the worker, state table included: never
    /// an exception, and every frame written has a header that lies within a valid packet.
    /// </summary>
    [Fact]
    public void RandomMutationsOfFrames_NeverThrow_AndEverythingWrittenIsValid()
    {
        Nat64WorkerHarness nat = new(virtioHeader: true);
        (string poolAddress, ushort poolPort) = OpenTcp(nat);
        byte[] udpOpen = Split(nat.SendExpectingOne(Plain(Udp6(Client, ServerVia64, 5000, 53)))).Packet;
        byte[][] seeds =
        [
            TcpSuperPacket(Client, ServerVia64, 40000, 5201, 3 * 1440 + 100, 1440),
            TcpSuperPacket(Server, poolAddress, 5201, poolPort, 3 * 1448 + 7, 1448),
            UdpSuperPacket(Client, ServerVia64, 5000, 53, 2500, 1000),
            UdpSuperPacket(Server, V4(udpOpen, 12), 53, Port(udpOpen, 20), 2500, 1000),
            UdpPartial(Client, ServerVia64, 5000, 53, Nat64TestPackets.Data(64)),
            Plain(Udp4(Server, V4(udpOpen, 12), 53, Port(udpOpen, 20))),
        ];
        Random random = new(4_2026);
        int written = 0;
        for (int i = 0; i < 20_000; i++)
        {
            byte[] frame = (byte[])seeds[i % seeds.Length].Clone();
            int mutations = 1 + random.Next(4);
            for (int m = 0; m < mutations; m++)
            {
                int at = random.Next(2) == 0 ? random.Next(Math.Min(frame.Length, VirtioNetHeader.Size + 80)) : random.Next(frame.Length);
                frame[at] = (byte)random.Next(256);
            }
            int length = random.Next(8) == 0 ? 1 + random.Next(frame.Length) : frame.Length;

            foreach (byte[] output in nat.Send(frame[..length]))
            {
                written++;
                (VirtioNetHeader header, byte[] packet) = Split(output);
                if (packet[0] >> 4 == 4)
                {
                    Assert.Equal(IpParseError.None, Ipv4Header.TryValidate(packet, out _));
                }
                else
                {
                    Assert.Equal(IpParseError.None, Ipv6Header.TryValidate(packet, out _));
                }
                if (header.IsGso)
                {
                    Assert.True(header.NeedsChecksum && header.GsoSize > 0);
                    Assert.True(header.HeaderLength <= packet.Length && header.ChecksumStart + header.ChecksumOffset + 2 <= packet.Length);
                }
                else
                {
                    Assert.Equal(default, header);
                }
            }
        }
        Assert.True(written > 1000, $"only {written} frames written");
    }

    [Fact]
    public void UdpDatagramsReadInOneTurn_WrittenAsOneSuperPacket()
    {
        Nat64WorkerHarness nat = new(virtioHeader: true, coalesceUdp: true);
        for (int i = 0; i < 30; i++)
        {
            nat.Tun.Inject(UdpPartial(Client, ServerVia64, 5000, 5201, Nat64TestPackets.Data(64, i)));
        }
        nat.Tun.Stop();

        nat.Worker.Run();

        byte[] frame = nat.Tun.TakeSingle();
        (VirtioNetHeader header, byte[] packet) = Split(frame);
        Assert.Equal(new VirtioNetHeader(VirtioNetHeaderFlags.NeedsChecksum, VirtioGsoType.UdpL4, 28, 64, 20, 6), header);
        Assert.Equal(20 + 8 + (30 * 64), packet.Length);
        Assert.Equal(Nat64TestPackets.Data(64, 29), packet[^64..]);
        AssertCompletes(frame);
        Assert.Equal(30, nat.Translated(Nat64Direction.SixToFour));
        Assert.Equal(1, nat.Coalesced(Nat64Direction.SixToFour));
    }

    /// <summary>Anything else written sends the waiting datagrams first: the order on the wire is the order read.</summary>
    [Fact]
    public void OtherPacketsInBetween_WrittenInOrder()
    {
        Nat64WorkerHarness nat = new(virtioHeader: true, coalesceUdp: true);
        byte[] udp = Plain(Udp6(Client, ServerVia64, 5000, 5201));
        byte[] syn = Plain(Nat64TestPackets.Ipv6(Client, ServerVia64, Nat64TestPackets.ProtoTcp, Nat64TestPackets.Tcp(Client, ServerVia64, 40000, 80, [], flags: 0x02)));

        nat.Worker.Process(udp, flush: false);
        nat.Worker.Process(udp, flush: false);
        nat.Worker.Process(syn, flush: false);
        nat.Worker.Process(udp, flush: false);
        Assert.Equal(2, nat.Tun.Written.Count);
        nat.Worker.Flush();

        byte[][] written = [.. nat.Tun.Written];
        Assert.Equal(3, written.Length);
        Assert.Equal(VirtioGsoType.UdpL4, Split(written[0]).Header.GsoType);
        Assert.Equal(Nat64TestPackets.ProtoTcp, Split(written[1]).Packet[9]);
        Assert.Equal(default, Split(written[2]).Header);
        Assert.Equal(Nat64TestPackets.ProtoUdp, Split(written[2]).Packet[9]);
        Assert.Equal(4, nat.Translated(Nat64Direction.SixToFour));
    }
}
