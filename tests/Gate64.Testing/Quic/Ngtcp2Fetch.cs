using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Gate64.Testing.Quic;

/// <summary>
/// One HTTP/3 GET with ngtcp2's example client (<c>gtlsclient</c>, Debian ngtcp2-client) inside a namespace: it
/// connects to the site by name (its SNI), saves the body into a folder, and ends when the stream
/// closes.
/// </summary>
/// <param name="Result">How the client ended.</param>
/// <param name="Elapsed">From start to exit.</param>
/// <param name="SavedPath">Where the body was saved (the file may be missing or short after a failure).</param>
public sealed record Ngtcp2Fetch(ChildProcessResult Result, TimeSpan Elapsed, string SavedPath)
{
    /// <summary>Lowercase hex SHA-256 of the saved body, or null when nothing was saved.</summary>
    public string? SavedSha256 => File.Exists(SavedPath) ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(SavedPath))) : null;

    public long SavedLength => File.Exists(SavedPath) ? new FileInfo(SavedPath).Length : 0;

    /// <summary>Runs the client to completion; killed (and <see cref="TimeoutException"/>) after <paramref name="timeout"/>.</summary>
    /// <param name="networkNamespace">Where the client runs.</param>
    /// <param name="serverName">
    /// The site: SNI, the URL's host, and what the client connects to, so it must resolve inside the namespace (see
    /// <see cref="NetnsHosts"/>; Debian's gtlsclient takes SNI from the host it connects to).
    /// </param>
    /// <param name="port">The UDP port.</param>
    /// <param name="path">The URL's path, e.g. <c>/large.bin</c>; the body is saved under its last segment.</param>
    /// <param name="downloadFolder">An empty folder for the body.</param>
    /// <param name="timeout">The most the whole run may take.</param>
    /// <param name="extraArguments">More client options (e.g. <c>--handshake-timeout=5s</c>).</param>
    public static async Task<Ngtcp2Fetch> RunAsync(NetworkNamespace networkNamespace, string serverName, int port, string path,
        string downloadFolder, TimeSpan timeout, IEnumerable<string>? extraArguments = null)
    {
        ArgumentNullException.ThrowIfNull(networkNamespace);
        ArgumentException.ThrowIfNullOrEmpty(serverName);
        ArgumentException.ThrowIfNullOrEmpty(path);
        Directory.CreateDirectory(downloadFolder);
        string portText = port.ToString(CultureInfo.InvariantCulture);
        Stopwatch elapsed = Stopwatch.StartNew();
        ChildProcessResult result = await networkNamespace.RunAsync(
            RequiredTool.Find("gtlsclient"),
            [
                "-q", "--no-quic-dump", "--no-http-dump", "--exit-on-all-streams-close", $"--download={downloadFolder}", $"--sni={serverName}",
                .. extraArguments ?? [],
                serverName, portText, $"https://{serverName}:{portText}{path}",
            ],
            timeout).ConfigureAwait(false);
        return new Ngtcp2Fetch(result, elapsed.Elapsed, Path.Combine(downloadFolder, path[(path.LastIndexOf('/') + 1)..]));
    }
}
