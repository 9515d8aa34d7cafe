namespace Gate64.Protocols.Bgp;

/// <summary>The outcome of <see cref="BgpMessageHeader.TryRead"/> on a receive buffer.</summary>
public enum BgpFrameStatus
{
    /// <summary>A whole message is buffered; its length and type are known and plausible.</summary>
    Complete,

    /// <summary>More bytes are needed (fewer than 19, or fewer than the header's length).</summary>
    Incomplete,

    /// <summary>The header is broken; the connection must end with the NOTIFICATION returned beside it.</summary>
    Invalid,
}
