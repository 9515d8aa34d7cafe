using System.Buffers.Binary;

namespace Gate64.Protocols.Tests.Bgp;

/// <summary>
/// Wire vectors from the BIRD 2.0.12 interop lab (routing.md Appendix A: speaker AS 65001, router AS 65000,
/// speaker identifier 10.255.0.2), and a builder for hand-made UPDATEs.
/// </summary>
internal static class BgpTestData
{
    public const string Marker = "ffffffffffffffffffffffffffffffff";

    /// <summary>The speaker's OPEN on the IPv4 session: hold 9, MP 1/1, route refresh, AS4 65001, GR 120 s without families.</summary>
    public const string SpeakerOpen = Marker + "0031 01 04 fde9 0009 0aff0002 14 02 12 01040001 0001 0200 41040000fde9 40020078";

    /// <summary>BIRD's OPEN: hold 90, MP 1/1, route refresh, GR 120, AS4 65000, enhanced route refresh, LLGR (71, empty).</summary>
    public const string BirdOpen = Marker + "0035 01 04 fde8 005a 0aff0001 18 02 16 010400010001 0200 40020078 41040000fde8 4600 4700";

    public const string Keepalive = Marker + "001304";

    /// <summary>
    /// The lab speaker's announce of 192.0.2.10/32 (ORIGIN IGP, AS_PATH [65001], COMMUNITY 65001:100, LARGE 65001:1:2,
    /// NEXT_HOP 10.255.0.2). Its attribute order (NEXT_HOP last) is not the RFC's; see <see cref="Announce4"/>.
    /// </summary>
    public const string LabAnnounce4 = Marker + "0046020000002a4001010040020602010000fde9c00804fde90064c0200c0000fde900000001000000024003040aff000220c000020a";

    /// <summary><see cref="LabAnnounce4"/> with the attributes in ascending type order (RFC 4271 §5), as Gate64 writes it.</summary>
    public const string Announce4 = Marker + "0046 02 0000 002a 40010100 40020602010000fde9 4003040aff0002 c00804fde90064 c0200c0000fde90000000100000002 20c000020a";

    /// <summary>The lab speaker's announce of 2001:db8:10::10/128 with a 32-byte next hop (fd00:255::2 + fe80::44e4:dcff:feb9:ccf5), MP_REACH last.</summary>
    public const string LabAnnounce6Long = Marker + "0073020000005c4001010040020602010000fde9c00804fde90064c0200c0000fde90000000100000002800e3600020120fd000255000000000000000000000002fe8000000000000044e4dcfffeb9ccf5008020010db8001000000000000000000010";

    /// <summary><see cref="LabAnnounce6Long"/> with MP_REACH_NLRI first (RFC 7606 §5.1), as Gate64 writes it.</summary>
    public const string Announce6Long = Marker + "0073 02 0000 005c 800e3600020120fd000255000000000000000000000002fe8000000000000044e4dcfffeb9ccf5008020010db8001000000000000000000010 40010100 40020602010000fde9 c00804fde90064 c0200c0000fde90000000100000002";

    /// <summary>The lab speaker's announce with a 16-byte next hop.</summary>
    public const string LabAnnounce6Short = Marker + "0063020000004c4001010040020602010000fde9c00804fde90064c0200c0000fde90000000100000002800e2600020110fd000255000000000000000000000002008020010db8001000000000000000000010";

    public const string Announce6Short = Marker + "0063 02 0000 004c 800e2600020110fd000255000000000000000000000002008020010db8001000000000000000000010 40010100 40020602010000fde9 c00804fde90064 c0200c0000fde90000000100000002";

    public const string Withdraw4 = Marker + "001c02000520c000020a0000";

    public const string Withdraw6 = Marker + "002e0200000017800f140002018020010db8001000000000000000000010";

    public const string EndOfRib4 = Marker + "00170200000000";

    public const string EndOfRib6 = Marker + "001d0200000006800f03000201";

    /// <summary>BIRD's UPDATE for 198.51.100.0/24: ORIGIN, AS_PATH, NEXT_HOP 10.255.0.1.</summary>
    public const string BirdUpdate4 = Marker + "002f02000000144001010040020602010000fde84003040aff000118c63364";

    /// <summary>BIRD's UPDATE for 2001:db8:ffff::/48: MP_REACH first with flags 0x90 on a 44-byte value, 32-byte next hop.</summary>
    public const string BirdUpdate6 = Marker + "0054020000003d900e002c00020120fd000255000000000000000000000001fe80000000000000881ad0fffe79bc06003020010db8ffff4001010040020602010000fde8";

    /// <summary>BIRD's ROUTE-REFRESH for IPv4 unicast.</summary>
    public const string BirdRouteRefresh = Marker + "00170500010001";

    /// <summary>The speaker's Cease/Administrative Shutdown with "jail host going down for maintenance" (36 bytes).</summary>
    public const string ShutdownNotification = Marker + "003a030602246a61696c20686f737420676f696e6720646f776e20666f72206d61696e74656e616e6365";

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public static readonly string[] UpdateHexVectors =
    [
        LabAnnounce4, Announce4, LabAnnounce6Long, Announce6Long, LabAnnounce6Short, Announce6Short,
        Withdraw4, Withdraw6, EndOfRib4, EndOfRib6, BirdUpdate4, BirdUpdate6,
    ];

    public static TheoryData<string> UpdateVectors() => new(UpdateHexVectors);

    public static IEnumerable<byte[]> AllVectors() =>
        new[] { SpeakerOpen, BirdOpen, Keepalive, BirdRouteRefresh, ShutdownNotification }
            .Concat(UpdateHexVectors)
            .Select(Hex);

    /// <summary>A message of <paramref name="type"/> with <paramref name="body"/> (hex) after the header; the length is computed.</summary>
    public static byte[] Message(byte type, string body)
    {
        byte[] message = [.. Hex(Marker + "0000"), type, .. Hex(body)];
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(16), (ushort)message.Length);
        return message;
    }

    /// <summary>An UPDATE from hex fields; the lengths are computed.</summary>
    public static byte[] Update(string withdrawn, string attributes, string nlri = "")
    {
        byte[] w = Hex(withdrawn);
        byte[] a = Hex(attributes);
        byte[] n = Hex(nlri);
        byte[] message = new byte[19 + 2 + w.Length + 2 + a.Length + n.Length];
        message.AsSpan(0, 16).Fill(0xFF);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(16), (ushort)message.Length);
        message[18] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(19), (ushort)w.Length);
        w.CopyTo(message, 21);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(21 + w.Length), (ushort)a.Length);
        a.CopyTo(message, 23 + w.Length);
        n.CopyTo(message, 23 + w.Length + a.Length);
        return message;
    }

    /// <summary>
    /// Splits an UPDATE into withdrawn routes, the attributes (each whole, flags to value) and the NLRI, so two
    /// messages can be compared up to the order of their attributes.
    /// </summary>
    public static (byte[] Withdrawn, List<byte[]> Attributes, byte[] Nlri) Split(byte[] update)
    {
        int withdrawnLength = BinaryPrimitives.ReadUInt16BigEndian(update.AsSpan(19));
        byte[] withdrawn = update.AsSpan(21, withdrawnLength).ToArray();
        int attributesStart = 23 + withdrawnLength;
        int attributesLength = BinaryPrimitives.ReadUInt16BigEndian(update.AsSpan(21 + withdrawnLength));
        List<byte[]> attributes = [];
        int offset = attributesStart;
        while (offset < attributesStart + attributesLength)
        {
            bool extended = (update[offset] & 0x10) != 0;
            int length = extended ? BinaryPrimitives.ReadUInt16BigEndian(update.AsSpan(offset + 2)) : update[offset + 2];
            int whole = (extended ? 4 : 3) + length;
            attributes.Add(update.AsSpan(offset, whole).ToArray());
            offset += whole;
        }

        return (withdrawn, attributes, update.AsSpan(attributesStart + attributesLength).ToArray());
    }
}
