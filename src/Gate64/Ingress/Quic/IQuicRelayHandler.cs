using System.Net;

namespace Gate64.Ingress.Quic;

/// <summary>What a <see cref="QuicRelayLoop"/> hands its events to.</summary>
internal interface IQuicRelayHandler
{
    /// <summary>A datagram from a client, received on the listener's socket.</summary>
    public void OnClientDatagram(ReadOnlySpan<byte> datagram, SocketAddress from);

    /// <summary>The backend socket watched under <paramref name="key"/> is readable: drain it (or part of it: what is left is reported again).</summary>
    public void OnBackendReadable(ulong key);
}
