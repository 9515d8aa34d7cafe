namespace Gate64.Platform.Netlink;

/// <summary>The result of reading the next netlink message from a buffer.</summary>
internal enum NetlinkReadStatus
{
    /// <summary>A whole message was read.</summary>
    Message,

    /// <summary>Nothing left.</summary>
    End,

    /// <summary>The bytes do not hold a message (a length below the header or beyond the buffer): stop reading.</summary>
    Malformed,
}
