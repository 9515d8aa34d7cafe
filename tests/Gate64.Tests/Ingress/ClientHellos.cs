using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;

namespace Gate64.Tests.Ingress;

/// <summary>Real TLS ClientHellos, captured from <see cref="SslStream"/> on a loopback connection.</summary>
internal static class ClientHellos
{
    private const int RecordHeaderSize = 5;

    /// <summary>
    /// The first TLS record <see cref="SslStream"/> sends for <paramref name="targetHost"/>: its ClientHello.
    /// An IP address or empty target host makes a hello without server_name.
    /// </summary>
    public static async Task<byte[]> CaptureAsync(string targetHost)
    {
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(5));
        using SocketPair pair = await SocketPair.CreateAsync();
        await using SslStream tls = new(new NetworkStream(pair.Client, ownsSocket: false));
        Task handshake = tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions { TargetHost = targetHost, RemoteCertificateValidationCallback = (_, _, _, _) => true },
            timeout.Token);
        byte[] header = await SocketReads.ReadExactlyAsync(pair.Server, RecordHeaderSize, timeout.Token);
        int length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(3));
        byte[] body = await SocketReads.ReadExactlyAsync(pair.Server, length, timeout.Token);
        pair.Server.LingerState = new LingerOption(true, 0);
        pair.Server.Close();
        try
        {
            await handshake;
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            // expected: nobody answered the hello
        }
        return [.. header, .. body];
    }
}
