namespace Gate64.Protocols.Names;

/// <summary>Why <see cref="HostName.TryNormalize"/> refused a name.</summary>
public enum HostNameError
{
    /// <summary>No error.</summary>
    None,

    /// <summary>Null, empty, or only the root dot.</summary>
    Empty,

    /// <summary>More than 253 characters once the trailing dot is stripped.</summary>
    TooLong,

    /// <summary>
    /// An empty label, a label longer than 63, a character outside [a-z0-9-_] (after lower-casing; non-ASCII included:
    /// browsers send A-labels), or a label starting or ending with '-'.
    /// </summary>
    InvalidLabel,

    /// <summary>
    /// An address rather than a name: bracketed or bare IPv6, or a name whose last label is a number (dotted IPv4
    /// such as 1.2.3.4, the inet_aton short forms 1.2.3 and 0x7f.1).
    /// </summary>
    IpLiteral,

    /// <summary>An "xn--" label that is not a valid Punycode A-label.</summary>
    InvalidPunycode,
}
