using Gate64.Protocols.Nat64;
using static Gate64.Protocols.Tests.Ip.TestPackets;
using static Gate64.Protocols.Tests.Nat64.Nat64TestNetwork;

namespace Gate64.Protocols.Tests.Nat64;

/// <summary>
/// Collects every translated seed and generated error into a pcap. With GATE64_NAT64_PCAP=path set, the file is
/// written there so a real dissector can check the checksums, e.g.
/// <c>tshark -r path -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE -V</c>
/// or <c>tcpdump -r path -vv</c>.
/// </summary>
public class PcapExportTests
{
    [Fact]
    public void TranslatedSeedsAndErrors_WrittenAsPcap()
    {
        Translator translator = new();
        PcapWriter pcap = new();
        foreach ((byte[] packet, Nat64Mapping mapping) in TranslatorSeeds.Ipv6Packets())
        {
            pcap.Add(packet);
            AddResult(pcap, translator.Translate6To4, packet, mapping, Address(Router6));
        }
        foreach ((byte[] packet, Nat64Mapping mapping) in TranslatorSeeds.Ipv4Packets())
        {
            pcap.Add(packet);
            AddResult(pcap, translator.Translate4To6, packet, mapping, Address(Pool4));
        }

        byte[] file = pcap.ToArray();
        Assert.True(pcap.Count > 60, $"{pcap.Count} packets");
        string? path = Environment.GetEnvironmentVariable("GATE64_NAT64_PCAP");
        if (!string.IsNullOrEmpty(path))
        {
            File.WriteAllBytes(path, file);
        }
    }

    private delegate TranslationResult Translate(ReadOnlySpan<byte> packet, in Nat64Mapping mapping, Span<byte> output, out int written);

    private static void AddResult(PcapWriter pcap, Translate translate, byte[] packet, Nat64Mapping mapping, byte[] errorSource)
    {
        byte[] output = new byte[8000];
        TranslationResult result = translate(packet, mapping, output, out int written);
        if (result.IsTranslated)
        {
            SplitPackets(output[..written]).ForEach(p => pcap.Add(p));
        }
        else if (result.Status != TranslationStatus.Drop && IcmpErrorBuilder.TryBuild(result, packet, errorSource, output, out int length))
        {
            pcap.Add(output.AsSpan(0, length));
        }
    }
}
