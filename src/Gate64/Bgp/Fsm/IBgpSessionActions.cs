using Gate64.Protocols.Bgp;

namespace Gate64.Bgp.Fsm;

/// <summary>
/// What the session machine asks its driver to do. Calls come synchronously from inside the machine's
/// methods; an implementation must not call back into the machine from them (queue the event instead).
/// The driver performs the calls in order: a <see cref="Send"/> before <see cref="Disconnect"/> must be
/// written before the connection is closed (that is how a NOTIFICATION reaches the peer).
/// </summary>
internal interface IBgpSessionActions
{
    /// <summary>Start a TCP connect to the neighbor; report the result with OnTransportConnected or OnTransportFailed.</summary>
    public void Connect();

    /// <summary>Write one whole message. The memory is never reused by the machine.</summary>
    public void Send(ReadOnlyMemory<byte> message);

    /// <summary>Close the transport, or abandon the connect under way. Harmless when there is none.</summary>
    public void Disconnect();

    /// <summary>The session is Established: send the Adj-RIB-Out for <see cref="BgpSessionInfo.Families"/>, then End-of-RIB for each.</summary>
    public void Established(BgpSessionInfo session);

    /// <summary>A connection attempt or session ended; stop sending UPDATEs.</summary>
    public void SessionDown(BgpSessionDown down);

    /// <summary>The peer asked for our routes of <paramref name="family"/> again (RFC 2918): resend them.</summary>
    public void RouteRefreshRequested(BgpAddressFamily family);

    /// <summary>An UPDATE arrived and the session survives it (valid, End-of-RIB or treat-as-withdraw); for logs and metrics.</summary>
    public void UpdateReceived(BgpUpdateParseResult update);
}
