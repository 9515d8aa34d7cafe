using System.Globalization;
using System.Net;

namespace Gate64.Testing.Quic;

/// <summary>
/// ngtcp2's example HTTP/3 server (<c>gtlsserver</c>, Debian ngtcp2-server) serving a folder over QUIC, started inside
/// a namespace and returned once its UDP socket is bound. It dies with the namespace.
/// </summary>
public static class Ngtcp2Server
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(20);

    /// <param name="networkNamespace">Where it runs.</param>
    /// <param name="listen">Its address and UDP port.</param>
    /// <param name="keyPath">PEM private key.</param>
    /// <param name="certificatePath">PEM certificate for the key.</param>
    /// <param name="documentRoot">The folder it serves.</param>
    /// <param name="extraArguments">More options (e.g. <c>-V</c> to make every client pass a Retry first).</param>
    public static async Task<ChildProcess> StartAsync(NetworkNamespace networkNamespace, IPEndPoint listen, string keyPath, string certificatePath,
        string documentRoot, IEnumerable<string>? extraArguments = null)
    {
        ArgumentNullException.ThrowIfNull(networkNamespace);
        ArgumentNullException.ThrowIfNull(listen);
        ChildProcess server = networkNamespace.Start(
            RequiredTool.Find("gtlsserver"),
            [
                "-q", "--no-quic-dump", "--no-http-dump", "-d", documentRoot, .. extraArguments ?? [],
                listen.Address.ToString(), listen.Port.ToString(CultureInfo.InvariantCulture), keyPath, certificatePath,
            ]);
        try
        {
            await UdpListeners.WaitAsync(networkNamespace, server, s_startTimeout, listen).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
