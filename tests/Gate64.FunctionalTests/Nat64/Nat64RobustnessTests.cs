using System.Globalization;
using System.Security.Cryptography;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Nat64;

/// <summary>
/// gate64 keeps translating a large download while the same client throws malformed and odd IPv6 packets at the
/// NAT64 prefix through raw sockets.
/// </summary>
public sealed class Nat64RobustnessTests : IClassFixture<Nat64Fixture>
{
    private const string BigFile = "twenty-megabytes.bin";
    private const int BigFileSize = 20 << 20;
    private const int GarbagePackets = 2000;
    private const int GarbageSeed = 6464;

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(25);

    private readonly Nat64Fixture _fixture;

    public Nat64RobustnessTests(Nat64Fixture fixture)
    {
        _fixture = fixture;
    }

    private Nat64Topology Topology => _fixture.Topology;

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task ADownloadSurvivesGarbageFromTheClient()
    {
        byte[] content = new byte[BigFileSize];
        new Random(GarbageSeed).NextBytes(content);
        string www = Path.Combine(Topology.DirectoryPath, "www");
        await File.WriteAllBytesAsync(Path.Combine(www, BigFile), content);
        string output = Path.Combine(Topology.DirectoryPath, $"download-{Guid.NewGuid():N}.bin");

        // Rate-limited so the download spans the whole burst of garbage (about 2 s at 10 MB/s).
        Task<ChildProcessResult> download = Nat64Topology.RunAsync(Topology.Client, "curl",
            ["-sS", "--max-time", "20", "--limit-rate", "10M", "-o", output, "-w", "%{http_code} %{size_download}",
                $"http://[{Nat64Topology.ServerVia64}]:{Nat64Topology.HttpPort}/{BigFile}"], s_timeout);
        ChildProcessResult garbage = await Nat64Topology.PythonAsync(Topology.Client, GarbageScript(), s_timeout);
        ChildProcessResult curl = await download;

        Assert.True(garbage.ExitCode == 0 && garbage.StandardOutput.Contains($"attempted {GarbagePackets}\n", StringComparison.Ordinal),
            $"{garbage}\n{Topology.Nat64.Describe()}");
        int sent = int.Parse(garbage.StandardOutput.Split('\n').Single(l => l.StartsWith("sent ", StringComparison.Ordinal))[5..], CultureInfo.InvariantCulture);
        Assert.True(sent >= GarbagePackets * 9 / 10, $"the kernel refused too many of the garbage packets\n{garbage}");   // a few odd ones it rejects
        Assert.True(curl.ExitCode == 0, $"{curl}\n{garbage}\n{Topology.Nat64.Describe()}");
        Assert.Equal($"200 {BigFileSize}", curl.StandardOutput.Trim());
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(await File.ReadAllBytesAsync(output)));

        Assert.False(Topology.Nat64.HasExited, Topology.Nat64.Describe());
        ChildProcessResult ping = await Nat64Topology.RunAsync(Topology.Client, "ping",
            ["-6", "-n", "-c", "3", "-i", "0.2", "-W", "2", Nat64Topology.ServerVia64], s_timeout);
        Assert.True(ping.ExitCode == 0, $"{ping}\n{Topology.Nat64.Describe()}");
        Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);
        Assert.False(Topology.Nat64.HasExited, Topology.Nat64.Describe());
    }

    /// <summary>
    /// Seeded garbage towards the prefix: raw IPv6 (header included) with wrong lengths and checksums, unknown next
    /// headers, extension-header chains and fake ICMPv6 errors quoting garbage, plus per-protocol raw UDP, TCP and
    /// ICMPv6 sockets with truncated or random transport headers. Most come from client6's own (allowed) address;
    /// source ports stay below the ephemeral range so nothing can hit curl's connection by chance.
    /// </summary>
    private static string GarbageScript() => $$"""
        import ipaddress, random, socket, struct, time
        rnd = random.Random({{GarbageSeed}})
        PREFIX = int(ipaddress.IPv6Address("2001:db8:64::"))
        CLIENT = "2001:db8:1::2"
        SERVER4 = "{{Nat64Topology.ServerVia64}}"
        HDRINCL = getattr(socket, "IPV6_HDRINCL", 36)

        def dst():
            r = rnd.random()
            if r < 0.4:
                return SERVER4
            if r < 0.5:
                return "{{Nat64Topology.TranslatorAddress}}"
            if r < 0.6:
                return str(ipaddress.IPv6Address(PREFIX | rnd.choice([0, 0xffffffff, 0x7f000001, 0xe0000001, 0xcb007100, 0xcb007103])))
            return str(ipaddress.IPv6Address(PREFIX | rnd.getrandbits(32)))

        def src():
            r = rnd.random()
            if r < 0.8:
                return CLIENT
            if r < 0.9:
                return "2001:db8:1::" + format(rnd.randrange(3, 0xffff), "x")
            return str(ipaddress.IPv6Address(rnd.getrandbits(128)))

        def rbytes(n):
            return bytes(rnd.getrandbits(8) for _ in range(n))

        def port():
            return rnd.randrange(0, 32768)

        def udp():
            n = rnd.choice([0, 1, 4, 7, 8, 8, 9, 40, 300])
            body = rbytes(max(0, n - 8))
            length = rnd.choice([n, 0, 7, 8, n + 1, max(0, n - 1), 0xffff, rnd.getrandbits(16)]) & 0xffff
            hdr = struct.pack("!HHHH", port(), rnd.choice([53, 80, 9, 0, rnd.getrandbits(16)]), length, rnd.getrandbits(16))
            return (hdr + body)[:n] if n < 8 else hdr + body

        def tcp():
            n = rnd.choice([0, 1, 12, 19, 20, 20, 24, 60, 61, 200])
            offset = rnd.choice([0, 1, 4, 5, 5, 6, 15])
            flags = rnd.choice([0x02, 0x12, 0x10, 0x04, 0x01, 0x3f, 0xff, rnd.getrandbits(8)])
            hdr = struct.pack("!HHIIBBHHH", port(), rnd.choice([80, 443, 0, rnd.getrandbits(16)]), rnd.getrandbits(32), rnd.getrandbits(32),
                              (offset << 4) | rnd.getrandbits(4), flags, rnd.getrandbits(16), rnd.getrandbits(16), rnd.getrandbits(16))
            data = hdr + rbytes(max(0, n - 20))
            return data[:n]

        def ip6(nh, payload, s, d, plen=None, hlim=None):
            if plen is None:
                plen = len(payload)
            if hlim is None:
                hlim = rnd.choice([64, 64, 1, 2, 255])
            first = (6 << 28) | (rnd.getrandbits(8) << 20) | rnd.getrandbits(20)
            return struct.pack("!IHBB", first, plen & 0xffff, nh, hlim) + socket.inet_pton(socket.AF_INET6, s) + socket.inet_pton(socket.AF_INET6, d)

        def quoted():
            # Something looking like the start of a packet the client might have sent: an IPv6 header
            # (often with the roles reversed) and a garbage or truncated transport header.
            nh = rnd.choice([6, 17, 58, 44, 0, 59, rnd.getrandbits(8)])
            inner = rnd.choice([udp, tcp, lambda: rbytes(rnd.randrange(0, 40))])()
            q = ip6(nh, inner, rnd.choice([CLIENT, dst()]), rnd.choice([dst(), CLIENT, src()]), plen=rnd.choice([len(inner), rnd.getrandbits(16)])) + inner
            return q[:rnd.choice([len(q), len(q), 0, 8, 39, 40, 41, 48])]

        def icmp6():
            kind = rnd.random()
            if kind < 0.5:
                t = rnd.choice([1, 2, 3, 4])   # errors: unreachable, too big, time exceeded, parameter problem
                c = rnd.choice([0, 1, 3, 4, 5, 6, 255, rnd.getrandbits(8)])
                rest = rnd.getrandbits(32) if t != 2 else rnd.choice([0, 1, 68, 1279, 1280, 0xffffffff])
                body = struct.pack("!I", rest) + quoted()
            elif kind < 0.75:
                t = rnd.choice([128, 129])
                c = rnd.choice([0, 0, 1, 255])
                body = rbytes(rnd.choice([0, 2, 4, 64]))
            else:
                t = rnd.getrandbits(8)
                c = rnd.getrandbits(8)
                body = rbytes(rnd.randrange(0, 64))
            return struct.pack("!BBH", t, c, rnd.getrandbits(16)) + body

        def extension(nh_after, payload):
            kind = rnd.choice([0, 43, 44, 60, 51])
            if kind == 44:
                # Fragment header: random offsets and M flags, identification, sometimes reserved bits set.
                return kind, struct.pack("!BBHI", nh_after, rnd.choice([0, 0, rnd.getrandbits(8)]), rnd.getrandbits(16), rnd.getrandbits(32)) + payload
            length = rnd.choice([0, 0, 1, 255])
            body = rbytes(6 + 8 * length)
            if rnd.random() < 0.3:
                body = body[:rnd.randrange(0, len(body) + 1)]
            return kind, bytes([nh_after, length]) + body + payload

        def hdrincl_packet():
            s, d = src(), dst()
            nh, payload = rnd.choice([(17, None), (6, None), (58, None), (rnd.getrandbits(8), None), (59, b"")])
            if payload is None:
                payload = {17: udp, 6: tcp, 58: icmp6}.get(nh, lambda: rbytes(rnd.randrange(0, 100)))()
            if rnd.random() < 0.3:
                nh, payload = extension(nh, payload)
            plen = rnd.choice([len(payload)] * 4 + [0, max(0, len(payload) - 1), len(payload) + 1, rnd.getrandbits(16)])
            return ip6(nh, payload, s, d, plen=plen) + payload, d

        raw = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
        try:
            raw.setsockopt(socket.IPPROTO_IPV6, HDRINCL, 1)
        except OSError:
            pass
        per_proto = {p: socket.socket(socket.AF_INET6, socket.SOCK_RAW, p) for p in (6, 17, 58)}
        for s in per_proto.values():
            s.bind((CLIENT, 0))
        makers = {6: tcp, 17: udp, 58: icmp6}

        sent = failed = 0
        start = time.monotonic()
        for i in range({{GarbagePackets}}):
            try:
                if rnd.random() < 0.5:
                    packet, d = hdrincl_packet()
                    raw.sendto(packet, (d, 0))
                else:
                    p = rnd.choice([6, 17, 58])
                    per_proto[p].sendto(makers[p](), (dst(), 0))
                sent += 1
            except OSError:
                failed += 1
            # Spread the burst over about 1.5 s so it overlaps the download.
            if i % 50 == 49:
                time.sleep(max(0, start + 1.5 * (i + 1) / {{GarbagePackets}} - time.monotonic()))
        print("attempted", sent + failed)
        print("sent", sent)
        print("failed", failed)
        """;
}
