namespace Gate64.Protocols.Dns;

/// <summary>Why untrusted DNS bytes were rejected. The codec never throws on untrusted input.</summary>
public enum DnsParseError
{
    /// <summary>No error.</summary>
    None,

    /// <summary>The data ends before the structure being read.</summary>
    Truncated,

    /// <summary>A label length byte has the reserved types 01 or 10 (RFC 1035 §4.1.4, RFC 6891 §5).</summary>
    InvalidLabelType,

    /// <summary>A name is longer than 255 bytes in uncompressed wire form.</summary>
    NameTooLong,

    /// <summary>
    /// A compression pointer does not point strictly before both itself and the label sequence that contains it,
    /// or points into the header. This rule makes pointer loops impossible.
    /// </summary>
    BadPointer,

    /// <summary>RDATA does not match its type's format (wrong address length, malformed embedded name, …).</summary>
    InvalidRdata,

    /// <summary>An OPT record is not owned by the root, is outside the additional section, or is not the only one.</summary>
    InvalidOpt,

    /// <summary>Bytes remain after the last section.</summary>
    TrailingBytes,

    /// <summary>The header counts cannot fit in the message size.</summary>
    TooManyRecords,
}
