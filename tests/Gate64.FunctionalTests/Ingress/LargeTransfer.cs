using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Ingress;

/// <summary>
/// A rate-limited download of the topology's large file through the ingress (curl in client4,
/// <c>http://site.test/large.bin</c> on port 80), checked for length and SHA-256 at the end.
/// </summary>
internal sealed class LargeTransfer : IAsyncDisposable
{
    private readonly IngressTopology _topology;
    private readonly ChildProcess _curl;
    private readonly string _outputPath;

    private LargeTransfer(IngressTopology topology, ChildProcess curl, string outputPath)
    {
        _topology = topology;
        _curl = curl;
        _outputPath = outputPath;
    }

    public bool IsRunning => !_curl.HasExited;

    /// <summary>Starts the download at <paramref name="bytesPerSecond"/> and waits until its first megabyte arrived.</summary>
    public static async Task<LargeTransfer> StartAsync(IngressTopology topology, long bytesPerSecond, TimeSpan timeout)
    {
        Assert.True(topology.LargeFileLength > 0, "the topology serves no large file");
        string outputPath = Path.Combine(topology.DirectoryPath, $"download-{Guid.NewGuid():N}.bin");
        ChildProcess curl = topology.Client.Start(
            RequiredTool.Find("curl"),
            [
                "-sS", "--fail", "--max-time", ((int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                "--limit-rate", bytesPerSecond.ToString(CultureInfo.InvariantCulture),
                "--resolve", $"{IngressTestZone.Site}:{IngressTopology.HttpPort}:{IngressTopology.GatewayAddress}",
                "-o", outputPath,
                $"http://{IngressTestZone.Site}{IngressTopology.LargeFilePath}",
            ]);
        LargeTransfer transfer = new(topology, curl, outputPath);
        Stopwatch elapsed = Stopwatch.StartNew();
        while (!File.Exists(outputPath) || new FileInfo(outputPath).Length < (1 << 20))
        {
            if (curl.HasExited || elapsed.Elapsed > TimeSpan.FromSeconds(15))
            {
                await transfer.DisposeAsync();
                Assert.Fail($"the large transfer did not get going: {curl.Describe()}");
            }

            await Task.Delay(50);
        }

        return transfer;
    }

    /// <summary>Waits for curl to finish and asserts that every byte arrived unchanged.</summary>
    public async Task AssertCompletesIntactAsync(TimeSpan timeout)
    {
        int exitCode = await _curl.WaitForExitAsync(timeout);
        Assert.True(exitCode == 0, $"the large transfer failed: {_curl.Describe()}");
        FileInfo received = new(_outputPath);
        Assert.Equal(_topology.LargeFileLength, received.Length);
        await using FileStream file = File.OpenRead(_outputPath);
        string sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(file));
        Assert.Equal(_topology.LargeFileSha256, sha256);
    }

    public async ValueTask DisposeAsync()
    {
        await _curl.DisposeAsync();
        File.Delete(_outputPath);
    }
}
