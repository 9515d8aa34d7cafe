using System.Security.Cryptography;
using System.Text;
using Gate64.Protocols.Quic;

namespace Gate64.Ingress.Quic;

/// <summary>
/// The one thing a gateway that does not terminate QUIC can honestly say to a refused client: a server Initial with a
/// CONNECTION_CLOSE. The server's Initial keys derive from the client's first DCID too (RFC 9001 §5.2), so the client
/// reads it as if the site had answered, and fails at once with the same TLS alert the TCP ingress sends
/// (CRYPTO_ERROR 0x100 + alert, RFC 9001 §4.8) and a reason phrase naming the cause, instead of retrying for seconds.
/// </summary>
/// <remarks>It is a few hundred bytes in answer to at least 1,200: within the 3x anti-amplification limit (RFC 9000 §8.1).</remarks>
internal static class QuicRefusalPacket
{
    public const int MaxLength = 600;

    private const int MaxReasonBytes = 300;
    private const int ServerConnectionIdLength = 8;

    /// <summary>The CONNECTION_CLOSE error code for <paramref name="refusal"/>, or null when the client is better left alone.</summary>
    public static ulong? ErrorCode(IngressRefusal refusal) => refusal switch
    {
        IngressRefusal.NoServerName or IngressRefusal.InvalidName or IngressRefusal.NxDomain or IngressRefusal.NoAaaa or IngressRefusal.NotPermitted
            or IngressRefusal.DnsFailure or IngressRefusal.BackendRefused or IngressRefusal.BackendTimeout
            => QuicInitialPacketWriter.CryptoErrorBase + (ulong)RefusalResponse.Alert(refusal),
        _ => null,
    };

    /// <summary>Writes the packet for the flow whose hello <paramref name="sniffer"/> read.</summary>
    /// <returns>The packet's length, or 0 when the sniffer has no keys to answer with.</returns>
    public static int Write(Span<byte> destination, QuicClientHelloSniffer sniffer, ulong errorCode, string reason)
    {
        if (sniffer.Version == 0)
        {
            return 0;
        }

        Span<byte> reasonBytes = stackalloc byte[MaxReasonBytes];
        int reasonLength = Utf8Prefix(reason, reasonBytes);
        Span<byte> frame = stackalloc byte[MaxReasonBytes + 32];
        int frameLength = QuicInitialPacketWriter.WriteConnectionClose(frame, errorCode, QuicInitialPacketWriter.CryptoFrameType, reasonBytes[..reasonLength]);
        Span<byte> serverConnectionId = stackalloc byte[ServerConnectionIdLength];
        RandomNumberGenerator.Fill(serverConnectionId);
        using QuicPacketProtection keys = QuicPacketProtection.CreateInitial(sniffer.Version, sniffer.OriginalDestinationConnectionId, server: true);
        return QuicInitialPacketWriter.Write(destination, keys, sniffer.Version, sniffer.ClientSourceConnectionId, serverConnectionId, [], 0, 2,
            frame[..frameLength]);
    }

    /// <summary>As much of <paramref name="text"/> as fits, cut on a character boundary.</summary>
    private static int Utf8Prefix(string text, Span<byte> destination)
    {
        Encoding.UTF8.GetEncoder().Convert(text, destination, flush: true, out _, out int bytesUsed, out _);
        return bytesUsed;
    }
}
