using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Xunit;

namespace Gate64.Testing.Quic;

/// <summary>
/// Junk datagrams to a QUIC port from one address, paced, until stopped: random bytes, Initial-shaped datagrams of
/// 1,200 bytes and more whose DCID and payload are random (they never open), and short-header lookalikes, in turn.
/// </summary>
public sealed partial class QuicJunkFlood : IAsyncDisposable
{
    private const string Script = """
        import os, random, signal, socket, struct, sys, time

        source, target, port, rate = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((source, 0))
        rng = random.Random(6464)
        stopping = False

        def stop(*_):
            global stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)

        def junk(n):
            kind = n % 3
            if kind == 0:
                return os.urandom(rng.randint(1, 1400))
            if kind == 1:
                dcid = os.urandom(rng.randint(8, 20))
                body = os.urandom(rng.randint(1200, 1400))
                return bytes([0xC0 | rng.randint(0, 3)]) + struct.pack(">I", 1) + bytes([len(dcid)]) + dcid + b"\x00\x00" + struct.pack(">H", 0x4000 | len(body)) + body
            return bytes([0x40 | rng.randint(0, 0x3F)]) + os.urandom(rng.randint(20, 1300))

        print("ready", flush=True)
        sent = failed = 0
        batch = max(1, rate // 100)
        next_batch = time.monotonic()
        while not stopping:
            for _ in range(batch):
                try:
                    sock.sendto(junk(sent + failed), (target, port))
                    sent += 1
                except OSError:
                    failed += 1
            next_batch += batch / rate
            delay = next_batch - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        print(f"sent {sent} failed {failed}", flush=True)
        """;

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(10);

    private readonly ChildProcess _process;

    private QuicJunkFlood(ChildProcess process)
    {
        _process = process;
    }

    /// <summary>Starts the flood inside <paramref name="networkNamespace"/> once it is about to send.</summary>
    /// <param name="networkNamespace">Where the sender runs.</param>
    /// <param name="source">The address it sends from (an address of that namespace).</param>
    /// <param name="target">The QUIC port flooded.</param>
    /// <param name="perSecond">Datagrams per second.</param>
    /// <param name="scriptFolder">Where the script is written.</param>
    public static async Task<QuicJunkFlood> StartAsync(NetworkNamespace networkNamespace, IPAddress source, IPEndPoint target, int perSecond, string scriptFolder)
    {
        ArgumentNullException.ThrowIfNull(networkNamespace);
        ArgumentNullException.ThrowIfNull(target);
        string script = Path.Combine(scriptFolder, "quicjunk.py");
        await File.WriteAllTextAsync(script, Script).ConfigureAwait(false);
        ChildProcess process = networkNamespace.Start(
            TestScripts.Python(),
            [script, source.ToString(), target.Address.ToString(), target.Port.ToString(CultureInfo.InvariantCulture), perSecond.ToString(CultureInfo.InvariantCulture)]);
        try
        {
            await process.WaitForOutputAsync("ready", s_startTimeout).ConfigureAwait(false);
            return new QuicJunkFlood(process);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the sender (SIGTERM) and returns how many datagrams it sent.</summary>
    public async Task<long> StopAsync()
    {
        Assert.False(_process.HasExited, $"the junk sender died: {_process.Describe()}");
        ChildProcessResult kill = await ChildProcess.RunAsync(
            RequiredTool.Find("kill"), ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)], s_startTimeout).ConfigureAwait(false);
        Assert.True(kill.ExitCode == 0, kill.ToString());
        await _process.WaitForExitAsync(s_startTimeout).ConfigureAwait(false);
        Match sent = SentLine().Match(_process.StandardOutput);
        Assert.True(sent.Success, $"the junk sender did not say how much it sent: {_process.Describe()}");
        return long.Parse(sent.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    [GeneratedRegex(@"sent (\d+) failed \d+")]
    private static partial Regex SentLine();
}
