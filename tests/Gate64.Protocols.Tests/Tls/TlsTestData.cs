using System.Buffers.Binary;
using System.Text;

namespace Gate64.Protocols.Tests.Tls;

/// <summary>ClientHellos captured from real clients on this machine, and builders for hand-made ones.</summary>
/// <remarks>
/// Captured with a python3 listener on 127.0.0.1 that recorded the first bytes of each connection (Debian 12,
/// OpenSSL 3.0.19, curl 7.88.1, GnuTLS 3.7.9). Every client sent its hello in a single TCP read; only OpenSSL with
/// <c>-max_send_frag 512</c> split it over two TLS records.
/// </remarks>
internal static class TlsTestData
{
    /// <summary><c>openssl s_client -connect 127.0.0.1:P -servername www.example.org</c>: one record of 316 bytes.</summary>
    public const string OpenSslHex =
        "160301013c0100013803038001d6350816ec176250a9beff6981313255c5c31fc39cc54e42945f4ee41cc6209c82921e3baea2e6de841ffb"
        + "8c75d3292a5f440ff97bf2c7c075c35568a6ead0003e130213031301c02cc030009fcca9cca8ccaac02bc02f009ec024c028006bc023c027"
        + "0067c00ac0140039c009c0130033009d009c003d003c0035002f00ff010000b100000014001200000f7777772e6578616d706c652e6f7267"
        + "000b000403000102000a00160014001d0017001e0019001801000101010201030104002300000016000000170000000d002a002804030503"
        + "0603080708080809080a080b080408050806040105010601030303010302040205020602002b0009080304030303020301002d0002010100"
        + "3300260024001d002015477792e64050651baa60bc90e8c229a84463afbaa6a3c6694c4b90d156b96e";

    /// <summary>
    /// <c>curl -k https://www.example.org:P/ --resolve www.example.org:P:127.0.0.1</c>: one record of 512 bytes, ALPN
    /// h2 and http/1.1, padding extension (21) to round the hello to 512.
    /// </summary>
    public const string CurlHex =
        "1603010200010001fc030363b4eb70c2cff52e166d6197d3887d8bde6a69f00b52b918cd4caf2be3604e9b20dfa1a509187e5d19bd618cac"
        + "e323b7c933e5242f8b605b4ee27120c14af911ce003e130213031301c02cc030009fcca9cca8ccaac02bc02f009ec024c028006bc023c027"
        + "0067c00ac0140039c009c0130033009d009c003d003c0035002f00ff0100017500000014001200000f7777772e6578616d706c652e6f7267"
        + "000b000403000102000a00160014001d0017001e00190018010001010102010301040010000e000c02683208687474702f312e3100160000"
        + "0017000000310000000d002a0028040305030603080708080809080a080b080408050806040105010601030303010302040205020602002b"
        + "0009080304030303020301002d00020101003300260024001d00207e3a00781151b53bebb628cbb2ee5bfa1bfc15fda1f78453e2099238be"
        + "4b3916001500ae00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        + "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        + "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        + "00000000000000000000000000";

    /// <summary><c>gnutls-cli --insecure -p P --sni-hostname www.example.org 127.0.0.1</c>: one record of 392 bytes, SNI after a dozen extensions.</summary>
    public const string GnuTlsHex =
        "1603010188010001840303aab12a528a5d727d40fa5d8cd3916842f654c049f19557377a4afe81f0cd948620f4f290cf3aa1c44bb6c341d6"
        + "1b3613fdc3abf405a1755ae05e75e8d37c520f7e003a1302130313011304c02ccca9c0adc00ac02bc0acc009c030cca8c014c02fc013009d"
        + "c09d0035009cc09c002f009fccaac09f0039009ec09e003301000101000500050100000000000a00160014001700180019001d001e010001"
        + "01010201030104000b00020100000d00220020040108090804040308070501080a0805050308080601080b08060603020102030016000000"
        + "170000002300000033006b006900170041047a89ae3eeeba231abde0d231461ea88fa65a43b854c53578231db59147cc41043af514d9b7e7"
        + "445b2031b0aa342632803672020fbe8d1baf9518fb643da368b6001d0020f6146dc17ce3641b703403925496d54ab77ee80344c472bf18de"
        + "61040feb1850002b0009080304030303020301ff0100010000000014001200000f7777772e6578616d706c652e6f7267002d000302010000"
        + "1c00024001";

    /// <summary>
    /// <c>openssl s_client -servername www.example.org -max_send_frag 512 -alpn proto-000-abcdefghijklmnopqrstuvwxyz,…,proto-011-…,h2,http/1.1</c>:
    /// two records (512 + 266 bytes), handshake message 774 bytes. OpenSSL puts SNI first, so it lands in record 1.
    /// </summary>
    public const string OpenSslTwoRecordsHex =
        "1603010200010003060303a87597fd6b295d18d8db4e2de31f2e013b09d4edce8a6d39dc373e5f4a375f57205944a51064aa22236e9d2b30"
        + "f67438b881b1b2b79480fed32b3aad78fb1ac292003e130213031301c02cc030009fcca9cca8ccaac02bc02f009ec024c028006bc023c027"
        + "0067c00ac0140039c009c0130033009d009c003d003c0035002f00ff0100027f00000014001200000f7777772e6578616d706c652e6f7267"
        + "000b000403000102000a00160014001d0017001e001900180100010101020103010400230000001001ca01c82470726f746f2d3030302d61"
        + "62636465666768696a6b6c6d6e6f707172737475767778797a2470726f746f2d3030312d6162636465666768696a6b6c6d6e6f7071727374"
        + "75767778797a2470726f746f2d3030322d6162636465666768696a6b6c6d6e6f707172737475767778797a2470726f746f2d3030332d6162"
        + "636465666768696a6b6c6d6e6f707172737475767778797a2470726f746f2d3030342d6162636465666768696a6b6c6d6e6f707172737475"
        + "767778797a2470726f746f2d3030352d6162636465666768696a6b6c6d6e6f707172737475767778797a2470726f746f2d3030362d616263"
        + "6465666768696a6b6c6d6e6f707172737475767778797a2470726f746f2d3030372d6162636465666768696a6b6c6d6e6f70717273747576"
        + "7778797a2470726f746f2d3030160301010a382d6162636465666768696a6b6c6d6e6f707172737475767778797a2470726f746f2d303039"
        + "2d6162636465666768696a6b6c6d6e6f707172737475767778797a2470726f746f2d3031302d6162636465666768696a6b6c6d6e6f707172"
        + "737475767778797a2470726f746f2d3031312d6162636465666768696a6b6c6d6e6f707172737475767778797a02683208687474702f312e"
        + "310016000000170000000d002a0028040305030603080708080809080a080b08040805080604010501060103030301030204020502060200"
        + "2b0009080304030303020301002d00020101003300260024001d0020c700bcbf2e793244ff54c607524036a330249b8a8c6864d3ab41ab31"
        + "1f4b4656";

    /// <summary><c>openssl s_client -connect 127.0.0.1:P -noservername</c>: no server_name extension.</summary>
    public const string OpenSslNoSniHex =
        "1603010124010001200303fbce456fd34f91a37b8e0f6c8499fc05501d4b4aafffb324f00f9afa7e2ceed3208965ddd20da7d8d7133a9db0"
        + "afd0b3d05820b1f2f4c844b2933fd68b45b3731e003e130213031301c02cc030009fcca9cca8ccaac02bc02f009ec024c028006bc023c027"
        + "0067c00ac0140039c009c0130033009d009c003d003c0035002f00ff01000099000b000403000102000a00160014001d0017001e00190018"
        + "01000101010201030104002300000016000000170000000d002a0028040305030603080708080809080a080b080408050806040105010601"
        + "030303010302040205020602002b0009080304030303020301002d00020101003300260024001d0020b9259e86245f7ec99ba8cfb86b066c"
        + "d40cae904663eb2393aaff76e1eb2e517d";

    public const ushort ExtensionServerName = 0;
    public const ushort ExtensionAlpn = 16;
    public const ushort ExtensionPadding = 21;
    public const ushort ExtensionSupportedVersions = 43;
    public const ushort ExtensionEncryptedClientHello = 0xfe0d;

    /// <summary>The captured hellos, with the server name and the number of records each should parse to.</summary>
    public static TheoryData<string, string, string?, int> Captured => new()
    {
        { "openssl", OpenSslHex, "www.example.org", 1 },
        { "curl", CurlHex, "www.example.org", 1 },
        { "gnutls", GnuTlsHex, "www.example.org", 1 },
        { "openssl-two-records", OpenSslTwoRecordsHex, "www.example.org", 2 },
        { "openssl-no-sni", OpenSslNoSniHex, null, 1 },
    };

    public static IEnumerable<byte[]> AllCaptured()
    {
        yield return Hex(OpenSslHex);
        yield return Hex(CurlHex);
        yield return Hex(GnuTlsHex);
        yield return Hex(OpenSslTwoRecordsHex);
        yield return Hex(OpenSslNoSniHex);
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    /// <summary>A server_name extension body with the given (name_type, name) entries.</summary>
    public static byte[] ServerName(params (byte Type, string Name)[] entries)
    {
        List<byte> list = [];
        foreach ((byte type, string name) in entries)
        {
            byte[] bytes = Encoding.Latin1.GetBytes(name);
            list.Add(type);
            AddUInt16(list, bytes.Length);
            list.AddRange(bytes);
        }

        return [.. UInt16(list.Count), .. list];
    }

    public static byte[] ServerName(string name) => ServerName((0, name));

    /// <summary>An application_layer_protocol_negotiation extension body.</summary>
    public static byte[] Alpn(params string[] protocols)
    {
        List<byte> list = [];
        foreach (string protocol in protocols)
        {
            byte[] bytes = Encoding.Latin1.GetBytes(protocol);
            list.Add((byte)bytes.Length);
            list.AddRange(bytes);
        }

        return [.. UInt16(list.Count), .. list];
    }

    /// <summary>A supported_versions extension offering TLS 1.3 and 1.2, to make the hello realistic.</summary>
    public static byte[] SupportedVersions() => [0x04, 0x03, 0x04, 0x03, 0x03];

    /// <summary>
    /// A ClientHello handshake message (type, 24-bit length, body) with TLS 1.3 style fields and the given extensions
    /// in order; null extensions means a hello that ends after compression_methods.
    /// </summary>
    public static byte[] Handshake(IEnumerable<(ushort Type, byte[] Data)>? extensions, ushort legacyVersion = 0x0303)
    {
        List<byte> body = [];
        AddUInt16(body, legacyVersion);
        body.AddRange(Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i)));
        body.Add(32);
        body.AddRange(Enumerable.Range(0, 32).Select(i => (byte)i));
        body.AddRange((byte[])[0x00, 0x06, 0x13, 0x01, 0x13, 0x02, 0xC0, 0x2F]);
        body.AddRange((byte[])[0x01, 0x00]);
        if (extensions is not null)
        {
            List<byte> block = [];
            foreach ((ushort type, byte[] data) in extensions)
            {
                AddUInt16(block, type);
                AddUInt16(block, data.Length);
                block.AddRange(data);
            }

            AddUInt16(body, block.Count);
            body.AddRange(block);
        }

        return [0x01, (byte)(body.Count >> 16), (byte)(body.Count >> 8), (byte)body.Count, .. body];
    }

    /// <summary>A hello with SNI <paramref name="serverName"/>, supported_versions and the extra extensions after them.</summary>
    public static byte[] Handshake(string serverName, params (ushort Type, byte[] Data)[] extra) =>
        Handshake([(ExtensionSupportedVersions, SupportedVersions()), (ExtensionServerName, ServerName(serverName)), .. extra]);

    /// <summary>Wraps handshake bytes in handshake records (type 22, version 0x0301) of the given sizes; the last record takes the rest.</summary>
    public static byte[] Records(byte[] handshake, params int[] fragmentSizes)
    {
        List<byte> records = [];
        int position = 0;
        int index = 0;
        while (position < handshake.Length)
        {
            int size = index < fragmentSizes.Length ? fragmentSizes[index] : Math.Min(handshake.Length - position, 1 << 14);
            size = Math.Min(size, handshake.Length - position);
            records.AddRange((byte[])[0x16, 0x03, 0x01, (byte)(size >> 8), (byte)size]);
            records.AddRange(handshake.AsSpan(position, size).ToArray());
            position += size;
            index++;
        }

        return [.. records];
    }

    /// <summary>Wraps handshake bytes in records of at most 2^14 bytes.</summary>
    public static byte[] Records(byte[] handshake) => Records(handshake, []);

    /// <summary>Wraps handshake bytes in records of <paramref name="size"/> bytes each.</summary>
    public static byte[] RecordsOf(byte[] handshake, int size) =>
        Records(handshake, Enumerable.Repeat(size, (handshake.Length + size - 1) / size).ToArray());

    /// <summary>The offset in <paramref name="handshake"/> of the host_name bytes of the first server_name extension.</summary>
    public static int IndexOfServerName(byte[] handshake, string name) => handshake.AsSpan().IndexOf(Encoding.ASCII.GetBytes(name));

    private static byte[] UInt16(int value) => [(byte)(value >> 8), (byte)value];

    private static void AddUInt16(List<byte> list, int value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        list.Add(bytes[0]);
        list.Add(bytes[1]);
    }
}
