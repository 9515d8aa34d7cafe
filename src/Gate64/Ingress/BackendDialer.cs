using System.Net;
using System.Net.Sockets;
using Gate64.Protocols.Ip;

namespace Gate64.Ingress;

/// <summary>
/// Connects to a site's permitted addresses in turn, each within the connect timeout. For
/// prefixes in NAT46 mode the connection comes from the NAT46 prefix with the client's IPv4
/// address in its last 32 bits, so the backend sees who connects without any cooperation.
/// </summary>
internal sealed class BackendDialer
{
    // Linux: IPV6_FREEBIND (include/uapi/linux/in6.h) lets us bind an address routed to us
    // ("ip route add local 64:ff9b:1::/96 dev lo") but not configured on an interface.
    private const int SolIpv6 = 41;
    private const int Ipv6Freebind = 78;

    private readonly IngressOptions _options;

    public BackendDialer(IngressOptions options)
    {
        _options = options;
    }

    public async ValueTask<DialResult> ConnectAsync(IEnumerable<BackendCandidate> candidates, int port, IPEndPoint client, CancellationToken cancellationToken)
    {
        DialResult last = new(null, default, IngressRefusal.BackendRefused, "no permitted address");
        foreach (BackendCandidate candidate in candidates)
        {
            last = await ConnectOneAsync(candidate, port, client, cancellationToken).ConfigureAwait(false);
            if (last.Connected)
            {
                break;
            }
        }
        return last;
    }

    private async ValueTask<DialResult> ConnectOneAsync(BackendCandidate candidate, int port, IPEndPoint client, CancellationToken cancellationToken)
    {
        IPEndPoint backend = new(candidate.Address, port);
        Socket socket = new(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (candidate.PermittedBy.Mode == ClientAddressMode.Nat46 && _options.Nat46Prefix is { } nat46)
            {
                socket.SetRawSocketOption(SolIpv6, Ipv6Freebind, BitConverter.GetBytes(1));
                socket.Bind(new IPEndPoint(Nat46Source(nat46, client.Address), 0));
            }
            using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.ConnectTimeout);
            await socket.ConnectAsync(backend, timeout.Token).ConfigureAwait(false);
            return new DialResult(socket, candidate, null, backend.ToString());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            return new DialResult(null, candidate, IngressRefusal.BackendTimeout, $"{backend}: no answer within {_options.ConnectTimeout.TotalSeconds:0.#} s");
        }
        catch (SocketException exception)
        {
            socket.Dispose();
            string reason = exception.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : exception.Message;
            return new DialResult(null, candidate, IngressRefusal.BackendRefused, $"{backend}: {reason}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The NAT46 prefix (a /96) with the IPv4 client address in its last 32 bits.</summary>
    public static IPAddress Nat46Source(IpPrefix prefix, IPAddress client)
    {
        byte[] bytes = prefix.Network.GetAddressBytes();
        IPAddress ipv4 = client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client;
        ipv4.TryWriteBytes(bytes.AsSpan(12), out _);
        return new IPAddress(bytes);
    }
}
