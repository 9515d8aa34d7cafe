using System.Buffers.Binary;
using Gate64.Nat64;
using Gate64.Protocols.Nat64;
using static Gate64.Tests.Nat64.Fragments.FragmentPackets;
using static Gate64.Tests.Nat64.Nat64WorkerHarness;

namespace Gate64.Tests.Nat64.Fragments;

/// <summary>
/// Fragments through the worker on an in-memory TUN, both ways, in order and out of order: what leaves must
/// reassemble into the datagram translated whole (ports in the first fragment, checksum valid over the whole).
/// </summary>
public sealed class Nat64WorkerFragmentTests
{
    private static readonly byte[] s_data = Nat64TestPackets.Data(3000, 7);

    /// <summary>The client's 3000-byte UDP datagram in three IPv6 fragments of 1448 bytes.</summary>
    private static List<byte[]> ClientDatagram(uint identification = 0xABCD_0001) =>
        Fragment6(Udp6(Client, ServerVia64, 5000, 53, data: s_data), 1448, identification);

    [Theory]
    [InlineData(new[] { 0, 1, 2 }, 0)]
    [InlineData(new[] { 2, 1, 0 }, 2)]
    [InlineData(new[] { 1, 0, 2 }, 1)]
    public void Udp6To4_FragmentsOfOneDatagramLeaveWithItsSession(int[] order, int held)
    {
        Nat64WorkerHarness nat = new();
        List<byte[]> fragments = ClientDatagram();

        List<byte[]> sent = [.. order.SelectMany(i => nat.Send(fragments[i]))];

        Assert.Equal(3, sent.Count);
        Assert.All(sent, packet => Assert.Equal(4, packet[0] >> 4));
        byte[] datagram = Reassemble(sent);
        Nat64TestPackets.AssertChecksums(datagram);
        Assert.Equal(Server, V4(datagram, 16));
        Assert.Equal(53, Port(datagram, 22));
        Assert.Equal(s_data, datagram[28..]);
        Assert.All(sent, packet => Assert.Equal(0x0001, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(4))));   // low 16 bits of the IPv6 Identification
        Assert.All(sent, packet => Assert.Equal(0, packet[6] & 0x40));   // no DF
        Assert.Equal(1, nat.State.SessionCount);
        Assert.Equal(3, nat.Worker.Counters.FragmentsTranslated);
        Assert.Equal(held, nat.Worker.Counters.FragmentsHeld);
        Assert.Equal(3, nat.Translated(Nat64Direction.SixToFour));
        Assert.Equal(0, nat.Path.Fragments.Count);   // done: forgotten at once
    }

    [Fact]
    public void HeldFragments_LeaveRightAfterTheFirst_InArrivalOrder()
    {
        Nat64WorkerHarness nat = new();
        List<byte[]> fragments = ClientDatagram();

        Assert.Empty(nat.Send(fragments[2]));
        Assert.Empty(nat.Send(fragments[1]));
        byte[][] sent = nat.Send(fragments[0]);

        Assert.Equal(3, sent.Length);
        Assert.Equal([0, 2896, 1448], sent.Select(packet => (BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(6)) & 0x1FFF) * 8));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Udp4To6_TheServersFragmentedReplyReachesTheClient(bool reversed)
    {
        Nat64WorkerHarness nat = new();
        byte[] request = nat.SendExpectingOne(Udp6(Client, ServerVia64, 5000, 53));
        string pool = V4(request, 12);
        ushort poolPort = Port(request, 20);
        List<byte[]> fragments = Fragment4(Udp4(Server, pool, 53, poolPort, data: s_data), 1480, 0x4242);
        if (reversed)
        {
            fragments.Reverse();
        }

        List<byte[]> sent = [.. fragments.SelectMany(nat.Send)];

        Assert.Equal(5, sent.Count);   // 1480 bytes of data do not fit 1280 with 48 bytes of headers: cut again
        Assert.All(sent, packet => Assert.True(packet.Length <= 1280));
        Assert.All(sent, packet => Assert.Equal(0x4242u, BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(44))));
        byte[] datagram = Reassemble(sent);
        Nat64TestPackets.AssertChecksums(datagram);
        Assert.Equal(Client, V6(datagram, 24));
        Assert.Equal(ServerVia64, V6(datagram, 8));
        Assert.Equal(5000, Port(datagram, 42));
        Assert.Equal(s_data, datagram[48..]);
        Assert.Equal(reversed ? 2 : 0, nat.Worker.Counters.FragmentsHeld);
    }

    /// <summary>ping -s 3000 both ways: the first fragment waits for the last, whose offset gives the length the ICMPv6 checksum needs.</summary>
    [Fact]
    public void EchoFragments_BothWays()
    {
        Nat64WorkerHarness nat = new();
        byte[] echo6 = Nat64TestPackets.Ipv6(Client, ServerVia64, Nat64TestPackets.ProtoIcmpV6,
            Nat64TestPackets.IcmpV6(Client, ServerVia64, 128, 0, (0x1234u << 16) | 7, s_data));
        List<byte[]> request = Fragment6(echo6, 1448, 77);

        Assert.Empty(nat.Send(request[0]));   // waits for the length
        byte[] middle = nat.SendExpectingOne(request[1]);
        byte[][] rest = nat.Send(request[2]);

        Assert.Equal(2, rest.Length);
        byte[] request4 = Reassemble([middle, .. rest]);
        Nat64TestPackets.AssertChecksums(request4);
        Assert.Equal(8, request4[20]);
        ushort identifier = Port(request4, 24);
        string pool = V4(request4, 12);

        byte[] reply4 = Nat64TestPackets.Ipv4(Server, pool, Nat64TestPackets.ProtoIcmp, Nat64TestPackets.IcmpV4(0, 0, ((uint)identifier << 16) | 7, s_data));
        List<byte[]> reply = Fragment4(reply4, 1480, 0x0707);
        reply.Reverse();
        List<byte[]> sent = [.. reply.SelectMany(nat.Send)];

        byte[] reply6 = Reassemble(sent);
        Nat64TestPackets.AssertChecksums(reply6);
        Assert.Equal(129, reply6[40]);
        Assert.Equal(0x1234, Port(reply6, 44));
        Assert.Equal(Client, V6(reply6, 24));
        Assert.Equal(s_data, reply6[48..]);
        Assert.Equal(0, nat.Path.Fragments.Count);
    }

    [Fact]
    public void HeldFragmentsWhoseFirstNeverComes_DroppedAtTheTimeout()
    {
        Nat64WorkerHarness nat = new();
        List<byte[]> fragments = ClientDatagram();
        nat.Send(fragments[1]);
        nat.Send(fragments[2]);

        nat.Time.Advance(TimeSpan.FromSeconds(6));
        nat.Path.Fragments.Sweep();

        Assert.Equal(2, nat.Path.Fragments.TimedOut);
        Assert.Equal(0, nat.Path.Fragments.BytesHeld);
        // The first fragment alone now: translated, nothing follows it.
        Assert.Single(nat.Send(fragments[0]));
    }

    [Fact]
    public void FragmentsOverTheBound_DroppedAndCounted()
    {
        Nat64WorkerHarness nat = new();
        byte[] whole = Udp6(Client, ServerVia64, 5000, 53, data: Nat64TestPackets.Data(8 * 70));
        List<byte[]> fragments = Fragment6(whole, 8, 5);

        foreach (byte[] fragment in fragments.Skip(1))
        {
            Assert.Empty(nat.Send(fragment));
        }

        Assert.Equal(64, nat.Worker.Counters.FragmentsHeld);
        Assert.Equal(fragments.Count - 1 - 64, nat.Dropped(Nat64DropReason.FragmentOverflow));
    }

    [Fact]
    public void HoldMemory_BoundedAtOneMebibyte()
    {
        Nat64WorkerHarness nat = new();
        int sent = 0;
        for (uint id = 0; id < 600; id++)
        {
            sent++;
            Assert.Empty(nat.Send(ClientDatagram(id)[1]));
        }

        Assert.Equal(512, nat.Worker.Counters.FragmentsHeld);   // 1 MiB in chunks of 2 KiB, one per fragment
        Assert.Equal(sent - 512, nat.Dropped(Nat64DropReason.FragmentOverflow));
        Assert.Equal(1 << 20, nat.Path.Fragments.BytesHeld);
    }

    [Fact]
    public void FirstFragmentRefusedByTheTranslator_TakesTheRestDown()
    {
        // RFC 7915 §4.5: a fragmented IPv4 UDP datagram without checksum cannot get one (no reassembly): dropped.
        Nat64WorkerHarness nat = new();
        byte[] request = nat.SendExpectingOne(Udp6(Client, ServerVia64, 5000, 53));
        string pool = V4(request, 12);
        byte[] udp = Nat64TestPackets.Udp(Server, pool, 53, Port(request, 20), s_data, omitChecksum: true);
        List<byte[]> fragments = Fragment4(Nat64TestPackets.Ipv4(Server, pool, Nat64TestPackets.ProtoUdp, udp), 1480, 9);

        Assert.Empty(nat.Send(fragments[1]));
        Assert.Empty(nat.Send(fragments[0]));
        Assert.Empty(nat.Send(fragments[2]));

        Assert.Equal(1, nat.TranslatorDropped(TranslationDropReason.FragmentedZeroChecksumUdp));
        Assert.Equal(2, nat.Dropped(Nat64DropReason.FragmentRefused));
    }

    [Fact]
    public void FirstFragmentWithoutBinding_RefusedWithAnErrorAndTheRestDropped()
    {
        Nat64WorkerHarness nat = new();
        List<byte[]> fragments = Fragment4(Udp4(Server, "203.0.113.1", 53, 40000, data: s_data), 1480, 10);

        byte[] error = nat.SendExpectingOne(fragments[0]);
        Assert.Empty(nat.Send(fragments[1]));

        Assert.Equal(3, error[20]);   // ICMPv4 Destination Unreachable
        Assert.Equal(1, nat.Dropped(Nat64DropReason.NoBinding));
        Assert.Equal(1, nat.Dropped(Nat64DropReason.FragmentRefused));
    }

    [Fact]
    public void LaterFragmentFromASourceOutsideTheAllowList_NeverHeld()
    {
        Nat64WorkerHarness nat = new();
        List<byte[]> fragments = Fragment6(Udp6("2001:db8:99::1", ServerVia64, 5000, 53, data: s_data), 1448, 1);

        Assert.Empty(nat.Send(fragments[1]));

        Assert.Equal(1, nat.Dropped(Nat64DropReason.NotAllowed));
        Assert.Equal(0, nat.Path.Fragments.BytesHeld);
    }

    [Fact]
    public void HairpinnedFragments_Dropped()
    {
        Nat64WorkerHarness nat = new();
        List<byte[]> fragments = Fragment6(Udp6(Client, "2001:db8:64::cb00:7101", 5000, 53, data: s_data), 1448, 1);

        Assert.Empty(fragments.SelectMany(nat.Send));

        Assert.Equal(3, nat.Dropped(Nat64DropReason.Fragment));
    }

    [Fact]
    public void DatagramsInterleaved_EachKeepsItsOwnMapping()
    {
        Nat64WorkerHarness nat = new();
        byte[] otherData = Nat64TestPackets.Data(3000, 8);
        List<byte[]> a = ClientDatagram(1);
        List<byte[]> b = Fragment6(Udp6(OtherClient, ServerVia64, 6000, 53, data: otherData), 1448, 2);

        List<byte[]> sent = [.. new[] { a[2], b[1], b[0], a[0], a[1], b[2] }.SelectMany(nat.Send)];

        Assert.Equal(6, sent.Count);
        byte[] first = Reassemble([.. sent.Where(packet => BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(4)) == 1)]);
        byte[] second = Reassemble([.. sent.Where(packet => BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(4)) == 2)]);
        Nat64TestPackets.AssertChecksums(first);
        Nat64TestPackets.AssertChecksums(second);
        Assert.Equal(s_data, first[28..]);
        Assert.Equal(otherData, second[28..]);
        Assert.NotEqual((V4(first, 12), Port(first, 20)), (V4(second, 12), Port(second, 20)));
    }

    [Fact]
    public void FragmentPathAllocatesNothingAfterWarmUp()
    {
        Nat64WorkerHarness nat = new();
        CountingTunQueue counting = new();
        Nat64Worker worker = new(nat.Path, counting);
        List<byte[]>[] datagrams = [.. Enumerable.Range(0, 50).Select(i => ClientDatagram((uint)i))];
        void RunAll()
        {
            foreach (List<byte[]> fragments in datagrams)
            {
                worker.Process(fragments[2]);
                worker.Process(fragments[0]);
                worker.Process(fragments[1]);
            }
        }
        RunAll();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            RunAll();
        }
        long after = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(21 * 150, counting.Count);
        Assert.Equal(0, after - before);
    }

    /// <summary>
    /// Random mutations of fragments (both families, any order, repeated, cut, overlapping) never throw, never leave
    /// the hold memory above its bound, and whatever leaves is a well-formed packet.
    /// </summary>
    [Fact]
    public void MutatedFragments_NeverThrowAndStayBounded()
    {
        Random random = new(6146);
        Nat64WorkerHarness nat = new();
        byte[] request = nat.SendExpectingOne(Udp6(Client, ServerVia64, 5000, 53));
        string pool = V4(request, 12);
        ushort poolPort = Port(request, 20);
        byte[] echo6 = Nat64TestPackets.Ipv6(Client, ServerVia64, Nat64TestPackets.ProtoIcmpV6,
            Nat64TestPackets.IcmpV6(Client, ServerVia64, 128, 0, (0x1234u << 16) | 7, s_data));
        List<byte[]> seeds =
        [
            .. ClientDatagram(3),
            .. Fragment6(echo6, 1448, 4),
            .. Fragment4(Udp4(Server, pool, 53, poolPort, data: s_data), 1480, 5),
            .. Fragment4(Nat64TestPackets.Ipv4(Server, pool, Nat64TestPackets.ProtoIcmp, Nat64TestPackets.IcmpV4(0, 0, 0x00010001, s_data)), 1480, 6),
        ];

        for (int round = 0; round < 20000; round++)
        {
            byte[] packet = (byte[])seeds[random.Next(seeds.Count)].Clone();
            switch (random.Next(5))
            {
                case 0:
                    packet[random.Next(packet.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    packet = packet[..random.Next(1, packet.Length)];
                    break;
                case 2:
                    // Another Identification, offset or M bit: fragments of datagrams that never complete.
                    int at = packet[0] >> 4 == 6 ? 42 + random.Next(6) : 4 + random.Next(4);
                    packet[at] = (byte)random.Next(256);
                    if (packet[0] >> 4 == 4)
                    {
                        RepairIpv4Checksum(packet);
                    }
                    break;
                case 3:
                    packet[random.Next(40, packet.Length)] = (byte)random.Next(256);
                    break;
                default:
                    break;   // unchanged: duplicates
            }
            foreach (byte[] output in nat.Send(packet))
            {
                Assert.True(output[0] >> 4 is 4 or 6);
                int length = output[0] >> 4 == 4 ? BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(2)) : 40 + BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(4));
                Assert.Equal(output.Length, length);
            }
            Assert.InRange(nat.Path.Fragments.BytesHeld, 0, 1 << 20);
            if (round % 1000 == 999)
            {
                nat.Time.Advance(TimeSpan.FromSeconds(1));
                nat.Path.Fragments.Sweep();
            }
        }
        nat.Time.Advance(TimeSpan.FromSeconds(10));
        nat.Path.Fragments.Sweep();
        Assert.Equal(0, nat.Path.Fragments.Count);
        Assert.Equal(0, nat.Path.Fragments.BytesHeld);
    }

    private static void RepairIpv4Checksum(byte[] packet)
    {
        int headerLength = (packet[0] & 0xF) * 4;
        if (packet.Length < headerLength || headerLength < 20)
        {
            return;
        }
        packet[10] = 0;
        packet[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), Nat64TestPackets.ReferenceChecksum(packet[..headerLength]));
    }
}
