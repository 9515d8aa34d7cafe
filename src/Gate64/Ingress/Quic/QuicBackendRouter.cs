using System.Net;
using System.Net.Sockets;
using Gate64.Configuration;
using Gate64.Protocols.Names;
using Gate64.Protocols.Tls;
using Microsoft.Extensions.Options;

namespace Gate64.Ingress.Quic;

/// <summary>
/// Routes a QUIC flow exactly as the TCP ingress routes a connection: normalised SNI → AAAA → backend policy of the
/// settings in force when the flow's hello completed → a UDP socket connected to the first permitted address.
/// </summary>
/// <remarks>
/// Connecting a UDP socket sends nothing, so unlike TCP there is no per-address connect attempt: an unreachable
/// backend shows up as ICMP errors on the relay (counted as backend_refused). The client's address reaches the
/// backend only in NAT46 mode (the socket is bound to the NAT46 source of the client). A PROXY protocol header cannot
/// be put in front of QUIC datagrams, so prefixes in proxy-v1/proxy-v2 mode are reached from the gateway's own
/// address, as with mode none.
/// </remarks>
internal sealed class QuicBackendRouter : IQuicBackendRouter, IDisposable
{
    // Linux IPV6_FREEBIND (include/uapi/linux/in6.h), as for the TCP dialer.
    private const int SolIpv6 = 41;
    private const int Ipv6Freebind = 78;
    private const int BackendReceiveBuffer = 1 << 20;

    private readonly BackendLookup _lookup;
    private readonly IDisposable? _reloads;
    private IngressSettings _settings;

    public QuicBackendRouter(IOptionsMonitor<IngressOptions> options, BackendLookup lookup)
    {
        _lookup = lookup;
        _settings = IngressSettings.From(options.CurrentValue, lookup.Policy);
        _reloads = options.OnChange((next, _) =>
            Volatile.Write(ref _settings, IngressSettings.From(next, BackendPolicy.ForThisHost(next.Permit, next.Nat64Prefix))));
    }

    /// <summary>Settings that never change (tests and tools without a host).</summary>
    internal QuicBackendRouter(IOptions<IngressOptions> options, BackendLookup lookup)
        : this(new FixedOptionsMonitor<IngressOptions>(options.Value), lookup)
    {
    }

    public async ValueTask<QuicRoute> RouteAsync(ClientHello hello, IPEndPoint client, int backendPort, CancellationToken cancellationToken)
    {
        IngressSettings settings = Volatile.Read(ref _settings);
        IngressOptions options = settings.Options;
        BackendPolicy policy = settings.Policy;
        if (hello.ServerName is null)
        {
            return QuicRoute.Refuse(null, IngressRefusal.NoServerName, "the ClientHello has no server_name");
        }

        if (!HostName.TryNormalize(hello.ServerName, out string? name, out HostNameError nameError))
        {
            return QuicRoute.Refuse(hello.ServerName, IngressRefusal.InvalidName, Describe(nameError));
        }

        BackendLookupResult lookup = await _lookup.LookupAsync(name, policy, cancellationToken).ConfigureAwait(false);
        switch (lookup.Outcome)
        {
            case BackendLookupOutcome.Found:
                break;
            case BackendLookupOutcome.NxDomain:
                return QuicRoute.Refuse(name, IngressRefusal.NxDomain, lookup.Detail);
            case BackendLookupOutcome.NoAaaa:
                return QuicRoute.Refuse(name, IngressRefusal.NoAaaa, lookup.Detail);
            case BackendLookupOutcome.NotPermitted:
                return QuicRoute.Refuse(name, IngressRefusal.NotPermitted, lookup.Detail);
            default:
                return QuicRoute.Refuse(name, IngressRefusal.DnsFailure, lookup.Detail);
        }

        BackendCandidate candidate = lookup.Permitted.First();
        IPEndPoint backend = new(candidate.Address, backendPort);
        Socket socket = new(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = BackendReceiveBuffer;
            if (candidate.PermittedBy.Mode == ClientAddressMode.Nat46 && options.Nat46Prefix is { } nat46)
            {
                socket.SetRawSocketOption(SolIpv6, Ipv6Freebind, BitConverter.GetBytes(1));
                socket.Bind(new IPEndPoint(BackendDialer.Nat46Source(nat46, client.Address), 0));
            }

            socket.Connect(backend);
            return new QuicRoute(socket, name, null, backend.ToString());
        }
        catch (SocketException exception)
        {
            socket.Dispose();
            return QuicRoute.Refuse(name, IngressRefusal.BackendRefused, $"{backend}: {exception.Message}");
        }
    }

    public void Dispose() => _reloads?.Dispose();

    private static string Describe(HostNameError error) => error switch
    {
        HostNameError.IpLiteral => "an IP address, not a name",
        HostNameError.TooLong => "longer than 253 characters",
        HostNameError.InvalidPunycode => "invalid punycode",
        HostNameError.Empty => "empty",
        _ => "not a valid host name",
    };
}
