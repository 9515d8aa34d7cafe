namespace Gate64.Protocols.Quic;

/// <summary>The outcome of feeding one datagram to a <see cref="QuicClientHelloSniffer"/>.</summary>
public enum QuicSniffStatus
{
    /// <summary>The datagram carried Initial packets that opened; the ClientHello is not complete yet.</summary>
    NeedMore,

    /// <summary>The whole ClientHello has arrived and parsed: see <see cref="QuicClientHelloSniffer.Hello"/>.</summary>
    Complete,

    /// <summary>
    /// No Initial packet in the datagram opened with the flow's keys: junk, a packet of another connection, or a
    /// datagram holding only 0-RTT or Handshake packets. The flow's state is unchanged.
    /// </summary>
    NoInitial,

    /// <summary>The first packet is a long header of a version the gateway cannot read.</summary>
    UnsupportedVersion,

    /// <summary>The client sent a CONNECTION_CLOSE: it gave up the connection itself.</summary>
    ClientClosed,

    /// <summary>The ClientHello (or the CRYPTO stream carrying it) exceeds the cap.</summary>
    TooLarge,

    /// <summary>
    /// An authenticated Initial broke the rules (a forbidden frame, conflicting CRYPTO bytes, a malformed hello):
    /// <see cref="QuicClientHelloSniffer.Error"/> says which. The server would close such a connection too.
    /// </summary>
    Malformed,
}
