using System.Buffers;
using System.Text;

namespace Gate64.Protocols.Http;

/// <summary>
/// Reads the head of the HTTP/1.x request that opens a connection on port 80, to route on its authority.
/// </summary>
/// <remarks>
/// <code>
///  [CRLF…] GET /path HTTP/1.1 CRLF          request line: checked as soon as it is complete (early NotHttp,
///          Host: Example.org:8080 CRLF      UnsupportedVersion, ConnectNotAllowed)
///          Other: value CRLF                header lines: checked as they complete (InvalidHeader)
///          CRLF                             blank line: only now is the authority chosen and validated
/// </code>
/// The routing decision waits for the end of the header block, never for the end of one line or one read: sniproxy
/// routed <c>Host: examp</c> | <c>le.org</c> to "examp". Bare LF line endings are tolerated (RFC 9112 §2.2). The parser is
/// stateless: the caller passes every byte received so far and calls again after each read. It never throws on input.
/// <para>
/// Only the head is examined; one decision is made per connection, so a later pipelined request for another host goes
/// to the same backend.
/// </para>
/// </remarks>
public static class HttpRequestHeadParser
{
    /// <summary>The default cap on the head, blank line included (nginx's large_client_header_buffers is 4 × 8 KiB).</summary>
    public const int DefaultMaxHeadSize = 16 * 1024;

    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';
    private const byte Sp = (byte)' ';
    private const byte Htab = (byte)'\t';
    private const int MaxPortDigits = 5;

    /// <summary>RFC 9110 §5.6.2 tchar.</summary>
    private static readonly SearchValues<byte> s_tchar =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>RFC 3986 §3.2.2 reg-name characters without pct-encoded: unreserved and sub-delims.</summary>
    private static readonly SearchValues<byte> s_regName =
        SearchValues.Create("-._~!$&'()*+,;=0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>What an IPv6address or IPv4address inside an IP-literal is made of.</summary>
    private static readonly SearchValues<byte> s_ipLiteral = SearchValues.Create(":.0123456789ABCDEFabcdef"u8);

    /// <summary>RFC 3986 §3.1 scheme characters after the first letter.</summary>
    private static readonly SearchValues<byte> s_scheme =
        SearchValues.Create("+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>
    /// Parses the request head at the start of <paramref name="buffered"/>.
    /// </summary>
    /// <param name="buffered">Every byte the client has sent so far.</param>
    /// <param name="maxHeadSize">The largest head accepted, blank line included; see <see cref="DefaultMaxHeadSize"/>.</param>
    /// <param name="head">The parsed head when the result is <see cref="HttpHeadStatus.Complete"/>, else null.</param>
    /// <param name="error">
    /// <see cref="HttpHeadError.None"/> for Complete and Incomplete, <see cref="HttpHeadError.HeaderTooLarge"/> for
    /// TooLarge, else why the request is Invalid.
    /// </param>
    /// <returns>Incomplete while more bytes could still make a valid head; otherwise the verdict, which more bytes do not change.</returns>
    /// <remarks>
    /// After the blank line: more than one Host → DuplicateHost; no Host in HTTP/1.1, or neither Host nor an
    /// absolute-form authority in HTTP/1.0 → MissingHost; an invalid Host value (checked even when an absolute-form
    /// target overrides it, RFC 9112 §3.2) or target authority → InvalidHost.
    /// </remarks>
    public static HttpHeadStatus TryParse(ReadOnlySpan<byte> buffered, int maxHeadSize, out HttpRequestHead? head, out HttpHeadError error)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHeadSize);
        head = null;
        bool capped = buffered.Length >= maxHeadSize;
        ReadOnlySpan<byte> data = capped ? buffered[..maxHeadSize] : buffered;

        // RFC 9112 §2.2: a server SHOULD ignore at least one empty line received before the request line.
        int position = 0;
        while (position < data.Length)
        {
            if (data[position] == Lf)
            {
                position++;
            }
            else if (data[position] == Cr && position + 1 < data.Length && data[position + 1] == Lf)
            {
                position += 2;
            }
            else
            {
                break;
            }
        }

        ReadOnlySpan<byte> rest = data[position..];
        int lineLength = rest.IndexOf(Lf);
        if (lineLength < 0)
        {
            // Refuse what can never become a request line (a TLS hello on port 80) without waiting for the deadline.
            return IsRequestLinePrefix(rest) ? NeedMore(capped, out error) : Fail(HttpHeadError.NotHttp, out error);
        }

        error = ParseRequestLine(TrimCr(rest[..lineLength]), out ReadOnlySpan<byte> method, out ReadOnlySpan<byte> target, out int minorVersion, out bool absoluteForm, out ReadOnlySpan<byte> targetAuthority);
        if (error != HttpHeadError.None)
        {
            return HttpHeadStatus.Invalid;
        }

        position += lineLength + 1;
        int hostCount = 0;
        ReadOnlySpan<byte> hostValue = default;
        while (true)
        {
            rest = data[position..];
            lineLength = rest.IndexOf(Lf);
            if (lineLength < 0)
            {
                return NeedMore(capped, out error);
            }

            ReadOnlySpan<byte> line = TrimCr(rest[..lineLength]);
            position += lineLength + 1;
            if (line.IsEmpty)
            {
                break;
            }

            if (!IsValidHeaderLine(line, out int colon))
            {
                return Fail(HttpHeadError.InvalidHeader, out error);
            }

            if (colon == 4 && Ascii.EqualsIgnoreCase(line[..4], "host"u8))
            {
                hostCount++;
                hostValue = line[5..].Trim(" \t"u8);
            }
        }

        if (hostCount > 1)
        {
            return Fail(HttpHeadError.DuplicateHost, out error);
        }

        if (hostCount == 0 && (minorVersion == 1 || !absoluteForm))
        {
            return Fail(HttpHeadError.MissingHost, out error);
        }

        int hostLength = 0;
        int? port = null;
        if (hostCount == 1 && !TryParseAuthority(hostValue, out hostLength, out port))
        {
            return Fail(HttpHeadError.InvalidHost, out error);
        }

        ReadOnlySpan<byte> authority = hostValue;
        if (absoluteForm)
        {
            // RFC 9112 §3.2.2: the target's authority wins over Host. Userinfo is not allowed in http(s) URIs (RFC 9110 §4.2.4).
            authority = targetAuthority;
            if (authority.Contains((byte)'@') || !TryParseAuthority(authority, out hostLength, out port))
            {
                return Fail(HttpHeadError.InvalidHost, out error);
            }
        }

        head = new HttpRequestHead(
            MethodName(method),
            Encoding.ASCII.GetString(target),
            minorVersion,
            Encoding.ASCII.GetString(authority[..hostLength]),
            port,
            position);
        error = HttpHeadError.None;
        return HttpHeadStatus.Complete;
    }

    private static HttpHeadStatus NeedMore(bool capped, out HttpHeadError error)
    {
        if (capped)
        {
            error = HttpHeadError.HeaderTooLarge;
            return HttpHeadStatus.TooLarge;
        }

        error = HttpHeadError.None;
        return HttpHeadStatus.Incomplete;
    }

    private static HttpHeadStatus Fail(HttpHeadError reason, out HttpHeadError error)
    {
        error = reason;
        return HttpHeadStatus.Invalid;
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) => !line.IsEmpty && line[^1] == Cr ? line[..^1] : line;

    /// <summary>True when <paramref name="partial"/> (no LF yet) can still become a request line.</summary>
    private static bool IsRequestLinePrefix(ReadOnlySpan<byte> partial)
    {
        if (partial.Length == 1 && partial[0] == Cr)
        {
            return true;   // the first half of a leading empty line
        }

        int methodLength = partial.IndexOfAnyExcept(s_tchar);
        if (methodLength < 0)
        {
            return true;
        }

        if (methodLength == 0 || partial[methodLength] != Sp)
        {
            return false;
        }

        for (int i = methodLength + 1; i < partial.Length; i++)
        {
            byte b = partial[i];
            if (b is not (Sp or (>= 0x21 and <= 0x7E)) && !(b == Cr && i == partial.Length - 1))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses <c>method SP request-target SP HTTP-version</c> (RFC 9112 §3), single spaces only.</summary>
    private static HttpHeadError ParseRequestLine(
        ReadOnlySpan<byte> line,
        out ReadOnlySpan<byte> method,
        out ReadOnlySpan<byte> target,
        out int minorVersion,
        out bool absoluteForm,
        out ReadOnlySpan<byte> authority)
    {
        method = default;
        target = default;
        minorVersion = 0;
        absoluteForm = false;
        authority = default;

        int methodLength = line.IndexOf(Sp);
        if (methodLength <= 0 || line[..methodLength].ContainsAnyExcept(s_tchar))
        {
            return HttpHeadError.NotHttp;
        }

        method = line[..methodLength];
        ReadOnlySpan<byte> afterMethod = line[(methodLength + 1)..];
        int targetLength = afterMethod.IndexOf(Sp);
        if (targetLength < 0)
        {
            // "GET /path" with no version is an HTTP/0.9 simple request; anything else without a version is not HTTP.
            bool simpleRequest = method.SequenceEqual("GET"u8) && afterMethod.StartsWith((byte)'/') && IsVisibleAscii(afterMethod);
            return simpleRequest ? HttpHeadError.UnsupportedVersion : HttpHeadError.NotHttp;
        }

        target = afterMethod[..targetLength];
        ReadOnlySpan<byte> version = afterMethod[(targetLength + 1)..];
        if (target.IsEmpty || !IsVisibleAscii(target))
        {
            return HttpHeadError.NotHttp;
        }

        // HTTP-version = "HTTP" "/" DIGIT "." DIGIT (RFC 9112 §2.3).
        if (version.Length != 8 || !version.StartsWith("HTTP/"u8) || !char.IsAsciiDigit((char)version[5]) || version[6] != (byte)'.' || !char.IsAsciiDigit((char)version[7]))
        {
            return HttpHeadError.NotHttp;
        }

        if (version[5] != (byte)'1')
        {
            return HttpHeadError.UnsupportedVersion;
        }

        minorVersion = version[7] == (byte)'0' ? 0 : 1;
        if (method.SequenceEqual("CONNECT"u8))
        {
            return HttpHeadError.ConnectNotAllowed;
        }

        if (target[0] == (byte)'/')
        {
            return HttpHeadError.None;
        }

        if (target.Length == 1 && target[0] == (byte)'*')
        {
            // asterisk-form is only for OPTIONS (RFC 9112 §3.2.4).
            return method.SequenceEqual("OPTIONS"u8) ? HttpHeadError.None : HttpHeadError.NotHttp;
        }

        // absolute-form (RFC 9112 §3.2.2): only http and https URIs name an authority we can route on.
        int colon = target.IndexOf((byte)':');
        if (colon <= 0 || !char.IsAsciiLetter((char)target[0]) || target[1..colon].ContainsAnyExcept(s_scheme))
        {
            return HttpHeadError.NotHttp;
        }

        ReadOnlySpan<byte> scheme = target[..colon];
        ReadOnlySpan<byte> hierarchy = target[(colon + 1)..];
        if (!(Ascii.EqualsIgnoreCase(scheme, "http"u8) || Ascii.EqualsIgnoreCase(scheme, "https"u8)) || !hierarchy.StartsWith("//"u8))
        {
            return HttpHeadError.NotHttp;
        }

        ReadOnlySpan<byte> afterSlashes = hierarchy[2..];
        int authorityEnd = afterSlashes.IndexOfAny("/?#"u8);
        authority = authorityEnd < 0 ? afterSlashes : afterSlashes[..authorityEnd];
        absoluteForm = true;
        return HttpHeadError.None;
    }

    private static bool IsVisibleAscii(ReadOnlySpan<byte> value) => !value.ContainsAnyExceptInRange((byte)0x21, (byte)0x7E);

    /// <summary>
    /// <c>field-name ":" OWS field-value OWS</c> (RFC 9112 §5). Rejects obs-fold (a line starting with whitespace,
    /// RFC 9112 §5.2), whitespace between name and colon (§5.1 requires a 400), and control bytes in the value
    /// (RFC 9110 §5.5: CR, LF and NUL are dangerous; other controls are not field-vchar).
    /// </summary>
    private static bool IsValidHeaderLine(ReadOnlySpan<byte> line, out int colon)
    {
        colon = line.IndexOf((byte)':');
        if (colon <= 0 || line[..colon].ContainsAnyExcept(s_tchar))
        {
            return false;
        }

        foreach (byte b in line[(colon + 1)..])
        {
            if (b is not (Htab or (>= Sp and <= 0x7E) or >= 0x80))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Parses <c>uri-host [ ":" port ]</c> (RFC 9110 §7.2, RFC 3986 §3.2.2–3.2.3) without percent-encoding or userinfo.
    /// An empty port ("name:") is allowed by RFC 3986 and reads as no port.
    /// </summary>
    private static bool TryParseAuthority(ReadOnlySpan<byte> authority, out int hostLength, out int? port)
    {
        hostLength = 0;
        port = null;
        if (authority.IsEmpty)
        {
            return false;
        }

        if (authority[0] == (byte)'[')
        {
            int close = authority.IndexOf((byte)']');
            if (close < 2 || authority[1..close].ContainsAnyExcept(s_ipLiteral))
            {
                return false;
            }

            hostLength = close + 1;
        }
        else
        {
            int colon = authority.IndexOf((byte)':');
            hostLength = colon < 0 ? authority.Length : colon;
            if (hostLength == 0 || authority[..hostLength].ContainsAnyExcept(s_regName))
            {
                return false;
            }
        }

        ReadOnlySpan<byte> rest = authority[hostLength..];
        if (rest.IsEmpty)
        {
            return true;
        }

        ReadOnlySpan<byte> digits = rest[1..];
        if (rest[0] != (byte)':' || digits.Length > MaxPortDigits || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return false;
        }

        if (digits.IsEmpty)
        {
            return true;
        }

        int value = 0;
        foreach (byte digit in digits)
        {
            value = (value * 10) + (digit - '0');
        }

        if (value is 0 or > ushort.MaxValue)
        {
            return false;
        }

        port = value;
        return true;
    }

    private static string MethodName(ReadOnlySpan<byte> method) => method switch
    {
        _ when method.SequenceEqual("GET"u8) => "GET",
        _ when method.SequenceEqual("HEAD"u8) => "HEAD",
        _ when method.SequenceEqual("POST"u8) => "POST",
        _ when method.SequenceEqual("PUT"u8) => "PUT",
        _ when method.SequenceEqual("DELETE"u8) => "DELETE",
        _ when method.SequenceEqual("OPTIONS"u8) => "OPTIONS",
        _ when method.SequenceEqual("PATCH"u8) => "PATCH",
        _ => Encoding.ASCII.GetString(method),
    };
}
