using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gate64.Protocols.Names;

/// <summary>
/// Turns a name taken from SNI or a Host header into the canonical form used as the resolver and cache key, or says
/// why it cannot be routed.
/// </summary>
/// <remarks>
/// The rules, in order:
/// <list type="number">
/// <item>Null or empty → <see cref="HostNameError.Empty"/>. Exactly one trailing dot is stripped ("a.b." is "a.b"; "a.b.."
/// keeps an empty label); "." alone is empty.</item>
/// <item>Bracketed ("[::1]") or containing ':' and parsing as IPv6 → <see cref="HostNameError.IpLiteral"/>; any other ':'
/// → <see cref="HostNameError.InvalidLabel"/>.</item>
/// <item>More than 253 characters → <see cref="HostNameError.TooLong"/>.</item>
/// <item>Each label: 1–63 characters from [A-Za-z0-9-_], not starting or ending with '-', else
/// <see cref="HostNameError.InvalidLabel"/>. Non-ASCII is refused: browsers send A-labels. The underscore is not LDH
/// but occurs in real host names, and DNS itself allows it.</item>
/// <item>A last label that is a number (decimal, or 0x hex) → <see cref="HostNameError.IpLiteral"/>: the WHATWG URL
/// standard parses such hosts as IPv4 ("1.2.3", "0x7f.1"), and no top-level domain is numeric (RFC 3696 §2).</item>
/// <item>An "xn--" label must decode as Punycode to a label with at least one non-ASCII character and no control,
/// unassigned, private-use or space characters, and re-encode to itself → else <see cref="HostNameError.InvalidPunycode"/>.</item>
/// </list>
/// "localhost" is a valid name; refusing its address is the backend policy's job.
/// </remarks>
public static class HostName
{
    /// <summary>The longest name in text form without the trailing dot (RFC 1035 §3.1: 255 octets of wire form).</summary>
    public const int MaxLength = 253;

    /// <summary>The longest label (RFC 1035 §2.3.4).</summary>
    public const int MaxLabelLength = 63;

    /// <summary>Validates and lower-cases <paramref name="name"/>.</summary>
    /// <param name="name">A host name as received: raw SNI host_name or the host part of an HTTP authority.</param>
    /// <param name="normalized">The lower-case name without trailing dot; the same instance as <paramref name="name"/> when nothing changed.</param>
    /// <param name="error">Why the name was refused, or <see cref="HostNameError.None"/>.</param>
    /// <returns>True when the name is routable.</returns>
    public static bool TryNormalize(string? name, [NotNullWhen(true)] out string? normalized, out HostNameError error)
    {
        normalized = null;
        error = Validate(name, out int length, out bool hasUpper);
        if (error != HostNameError.None)
        {
            return false;
        }

        if (!hasUpper && length == name!.Length)
        {
            normalized = name;
        }
        else
        {
            normalized = string.Create(length, name!, static (destination, source) => Ascii.ToLower(source.AsSpan(0, destination.Length), destination, out _));
        }

        return true;
    }

    private static HostNameError Validate(string? name, out int length, out bool hasUpper)
    {
        ReadOnlySpan<char> span = name;
        hasUpper = false;
        length = 0;
        if (span.IsEmpty)
        {
            return HostNameError.Empty;
        }

        if (span[^1] == '.')
        {
            span = span[..^1];
            if (span.IsEmpty)
            {
                return HostNameError.Empty;
            }
        }

        length = span.Length;

        if (span[0] == '[')
        {
            return span[^1] == ']' ? HostNameError.IpLiteral : HostNameError.InvalidLabel;
        }

        if (span.Contains(':'))
        {
            return IPAddress.TryParse(span, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetworkV6
                ? HostNameError.IpLiteral
                : HostNameError.InvalidLabel;
        }

        if (span.Length > MaxLength)
        {
            return HostNameError.TooLong;
        }

        ReadOnlySpan<char> rest = span;
        ReadOnlySpan<char> label;
        bool hasPunycode = false;
        while (true)
        {
            int dot = rest.IndexOf('.');
            label = dot < 0 ? rest : rest[..dot];
            if (label.IsEmpty || label.Length > MaxLabelLength || label[0] == '-' || label[^1] == '-')
            {
                return HostNameError.InvalidLabel;
            }

            foreach (char c in label)
            {
                if (char.IsAsciiLetterUpper(c))
                {
                    hasUpper = true;
                }
                else if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
                {
                    return HostNameError.InvalidLabel;
                }
            }

            hasPunycode |= IsALabelCandidate(label);
            if (dot < 0)
            {
                break;
            }

            rest = rest[(dot + 1)..];
        }

        if (IsNumber(label))
        {
            return HostNameError.IpLiteral;
        }

        if (hasPunycode)
        {
            rest = span;
            while (!rest.IsEmpty)
            {
                int dot = rest.IndexOf('.');
                label = dot < 0 ? rest : rest[..dot];
                rest = dot < 0 ? ReadOnlySpan<char>.Empty : rest[(dot + 1)..];
                if (IsALabelCandidate(label) && !IsValidALabel(label))
                {
                    return HostNameError.InvalidPunycode;
                }
            }
        }

        return HostNameError.None;
    }

    private static bool IsALabelCandidate(ReadOnlySpan<char> label) => label.Length >= 4 && label.StartsWith("xn--", StringComparison.OrdinalIgnoreCase);

    /// <summary>Decimal digits only, or "0x" followed by hex digits: what WHATWG's "ends in a number" check treats as IPv4.</summary>
    private static bool IsNumber(ReadOnlySpan<char> label)
    {
        if (label.Length >= 2 && label[0] == '0' && (label[1] is 'x' or 'X'))
        {
            return !label[2..].ContainsAnyExcept("0123456789abcdefABCDEF");
        }

        return !label.ContainsAnyExceptInRange('0', '9');
    }

    private static bool IsValidALabel(ReadOnlySpan<char> label)
    {
        Span<char> lower = stackalloc char[MaxLabelLength];
        Ascii.ToLower(label, lower, out int length);
        string ascii = new(lower[..length]);
        IdnMapping idn = new();
        string unicode;
        string roundTrip;
        try
        {
            unicode = idn.GetUnicode(ascii);
            roundTrip = idn.GetAscii(unicode);
        }
        catch (ArgumentException)
        {
            return false;
        }

        bool hasNonAscii = false;
        foreach (Rune rune in unicode.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                if (!(Rune.IsLetterOrDigit(rune) || rune.Value == '-'))
                {
                    return false;
                }

                continue;
            }

            hasNonAscii = true;
            if (rune == Rune.ReplacementChar)
            {
                return false;
            }

            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.Surrogate:
                case UnicodeCategory.PrivateUse:
                case UnicodeCategory.OtherNotAssigned:
                case UnicodeCategory.SpaceSeparator:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                    return false;
            }
        }

        return hasNonAscii && string.Equals(roundTrip, ascii, StringComparison.Ordinal);
    }
}
