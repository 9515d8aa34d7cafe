using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Xunit;

namespace Gate64.Testing.Run;

/// <summary>
/// A curl download of the <see cref="RunTopology"/>'s large file, paced by the server (<c>?rate=</c>)
/// so that it spans a reload, checked for length and SHA-256 at the end.
/// </summary>
public sealed class Download : IAsyncDisposable
{
    private readonly RunTopology _topology;
    private readonly ChildProcess _curl;
    private readonly string _outputPath;

    private Download(RunTopology topology, ChildProcess curl, string outputPath)
    {
        _topology = topology;
        _curl = curl;
        _outputPath = outputPath;
    }

    public bool IsRunning => !_curl.HasExited;

    /// <summary>curl's state and output and the bytes received, for assertion messages.</summary>
    public string Describe() => $"{Received} of {_topology.LargeFileLength} bytes received; {_curl.Describe()}";

    /// <summary>Bytes received so far.</summary>
    public long Received => File.Exists(_outputPath) ? new FileInfo(_outputPath).Length : 0;

    /// <summary>Starts the download and waits until its first 256 KiB arrived.</summary>
    internal static async Task<Download> StartAsync(RunTopology topology, NetworkNamespace where, string url, IReadOnlyList<string> curlOptions, long bytesPerSecond, TimeSpan timeout)
    {
        Assert.True(topology.LargeFileLength > 0, "the topology serves no large file");
        string outputPath = Path.Combine(topology.DirectoryPath, $"download-{Guid.NewGuid():N}.bin");
        ChildProcess curl = where.Start(
            RequiredTool.Find("curl"),
            [
                "-sS", "--fail", "--max-time", ((int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                "-o", outputPath, .. curlOptions, $"{url}?rate={bytesPerSecond.ToString(CultureInfo.InvariantCulture)}",
            ]);
        Download download = new(topology, curl, outputPath);
        Stopwatch elapsed = Stopwatch.StartNew();
        while (download.Received < (256 << 10))
        {
            if (curl.HasExited || elapsed.Elapsed > TimeSpan.FromSeconds(15))
            {
                await download.DisposeAsync().ConfigureAwait(false);
                Assert.Fail($"the download did not get going: {curl.Describe()}");
            }
            await Task.Delay(50).ConfigureAwait(false);
        }
        return download;
    }

    /// <summary>Waits for curl to finish and asserts that every byte arrived unchanged.</summary>
    public async Task AssertCompletesIntactAsync(TimeSpan timeout)
    {
        int exitCode = await _curl.WaitForExitAsync(timeout).ConfigureAwait(false);
        Assert.True(exitCode == 0, $"the download failed: {_curl.Describe()}");
        Assert.Equal(_topology.LargeFileLength, new FileInfo(_outputPath).Length);
        await using FileStream file = File.OpenRead(_outputPath);
        string sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(file).ConfigureAwait(false));
        Assert.Equal(_topology.LargeFileSha256, sha256);
    }

    public async ValueTask DisposeAsync()
    {
        await _curl.DisposeAsync().ConfigureAwait(false);
        File.Delete(_outputPath);
    }
}
