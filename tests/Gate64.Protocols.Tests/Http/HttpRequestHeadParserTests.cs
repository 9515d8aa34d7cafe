using System.Text;
using Gate64.Protocols.Http;

namespace Gate64.Protocols.Tests.Http;

public class HttpRequestHeadParserTests
{
    private const int Max = HttpRequestHeadParser.DefaultMaxHeadSize;

    /// <summary>Request heads captured from real clients on this machine (python3 listener on 127.0.0.1).</summary>
    public static TheoryData<string, string, string, string, int?> Captured => new()
    {
        // curl 7.88.1: curl http://www.example.org:P/index.html --resolve www.example.org:P:127.0.0.1
        { "GET /index.html HTTP/1.1\r\nHost: www.example.org:40011\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n", "/index.html", "GET", "www.example.org", 40011 },

        // wget 1.21.3 with --header "Host: www.Example.org": the host comes back as sent, not lower-cased.
        { "GET / HTTP/1.1\r\nHost: www.Example.org\r\nUser-Agent: Wget/1.21.3\r\nAccept: */*\r\nAccept-Encoding: identity\r\nConnection: Keep-Alive\r\n\r\n", "/", "GET", "www.Example.org", null },

        // curl -x http://127.0.0.1:P http://www.example.org/a?b=c: absolute-form, as sent to a forward proxy.
        { "GET http://www.example.org/a?b=c HTTP/1.1\r\nHost: www.example.org\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\nProxy-Connection: Keep-Alive\r\n\r\n", "http://www.example.org/a?b=c", "GET", "www.example.org", null },
    };

    /// <summary>Valid heads whose every truncation must be Incomplete.</summary>
    public static IEnumerable<string> ValidHeads()
    {
        yield return "GET /index.html HTTP/1.1\r\nHost: www.example.org:40011\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n";
        yield return "GET http://www.example.org/a?b=c HTTP/1.1\r\nHost: www.example.org\r\nAccept: */*\r\n\r\n";
        yield return "\r\n\r\nPOST /form HTTP/1.0\r\nhOsT:   [2001:db8::1]:8080  \r\nContent-Length: 3\r\n\r\n";
        yield return "OPTIONS * HTTP/1.1\nHost: example.org\n\n";
        yield return "GET / HTTP/1.1\r\nX-Empty:\r\nHost:example.org\r\nX-Obs-Text: caf\u00e9\r\n\r\n";
    }

    [Theory]
    [MemberData(nameof(Captured))]
    public void TryParse_CapturedRequest_Complete(string request, string target, string method, string host, int? port)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(request);
        Assert.Equal(HttpHeadStatus.Complete, HttpRequestHeadParser.TryParse(bytes, Max, out HttpRequestHead? head, out HttpHeadError error));
        Assert.Equal(HttpHeadError.None, error);
        Assert.Equal(new HttpRequestHead(method, target, 1, host, port, bytes.Length), head);
    }

    [Fact]
    public void TryParse_SimpleGet_Complete()
    {
        Assert.Equal(new HttpRequestHead("GET", "/", 1, "example.org", null, 37), Parse("GET / HTTP/1.1\r\nHost: example.org\r\n\r\n"));
    }

    [Fact]
    public void TryParse_BodyAfterHead_HeadLengthStopsAtBlankLine()
    {
        string head = "POST /upload HTTP/1.1\r\nHost: example.org\r\nContent-Length: 5\r\n\r\n";
        HttpRequestHead? parsed = Parse(head + "hello");
        Assert.Equal(head.Length, parsed!.HeadLength);
        Assert.Equal("POST", parsed.Method);
    }

    [Fact]
    public void TryParse_HostSplitMidValue_IncompleteUntilBlankLine()
    {
        // sniproxy 0.6.0 routed this to "examp" (sni.md §0.4).
        string[] reads = ["GET / HTTP/1.1\r\nHost: examp", "le.org\r\n", "Accept: */*\r\n", "\r", "\n"];
        List<byte> received = [];
        for (int i = 0; i < reads.Length; i++)
        {
            received.AddRange(Encoding.ASCII.GetBytes(reads[i]));
            HttpHeadStatus status = HttpRequestHeadParser.TryParse(received.ToArray(), Max, out HttpRequestHead? head, out HttpHeadError error);
            if (i < reads.Length - 1)
            {
                Assert.Equal(HttpHeadStatus.Incomplete, status);
                Assert.Null(head);
                Assert.Equal(HttpHeadError.None, error);
            }
            else
            {
                Assert.Equal(HttpHeadStatus.Complete, status);
                Assert.Equal("example.org", head!.Host);
            }
        }
    }

    [Fact]
    public void TryParse_EveryTruncation_Incomplete()
    {
        foreach (string request in ValidHeads())
        {
            byte[] bytes = Encoding.Latin1.GetBytes(request);
            Assert.Equal(HttpHeadStatus.Complete, HttpRequestHeadParser.TryParse(bytes, Max, out _, out _));
            for (int length = 0; length < bytes.Length; length++)
            {
                HttpHeadStatus status = HttpRequestHeadParser.TryParse(bytes.AsSpan(0, length), Max, out HttpRequestHead? head, out HttpHeadError error);
                Assert.True(status == HttpHeadStatus.Incomplete, $"{length}/{bytes.Length} of {request}: {status} {error}");
                Assert.Null(head);
                Assert.Equal(HttpHeadError.None, error);
            }
        }
    }

    [Fact]
    public void TryParse_AbsoluteForm_OverridesHost()
    {
        HttpRequestHead? head = Parse("GET http://real.example.org:8080/path HTTP/1.1\r\nHost: other.example.net\r\n\r\n");
        Assert.Equal("real.example.org", head!.Host);
        Assert.Equal(8080, head.Port);
        Assert.Equal("http://real.example.org:8080/path", head.Target);
    }

    [Theory]
    [InlineData("HTTPS://Example.org", "Example.org", null)]
    [InlineData("http://example.org?q", "example.org", null)]
    [InlineData("http://example.org#f", "example.org", null)]
    [InlineData("http://[2001:db8::1]:81/", "[2001:db8::1]", 81)]
    public void TryParse_AbsoluteFormAuthority_Extracted(string target, string host, int? port)
    {
        HttpRequestHead? head = Parse($"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(host, head!.Host);
        Assert.Equal(port, head.Port);
    }

    [Theory]
    [InlineData("GET http://user:pass@example.org/ HTTP/1.1\r\nHost: example.org\r\n\r\n")]
    [InlineData("GET http:///path HTTP/1.1\r\nHost: example.org\r\n\r\n")]
    [InlineData("GET http://exa%6dple.org/ HTTP/1.1\r\nHost: example.org\r\n\r\n")]
    [InlineData("GET http://example.org:http/ HTTP/1.1\r\nHost: example.org\r\n\r\n")]
    public void TryParse_BadAbsoluteFormAuthority_InvalidHost(string request)
    {
        Assert.Equal(HttpHeadError.InvalidHost, Reject(request));
    }

    [Fact]
    public void TryParse_AbsoluteFormWithoutHostInHttp10_UsesTarget()
    {
        HttpRequestHead? head = Parse("GET http://example.org/ HTTP/1.0\r\n\r\n");
        Assert.Equal("example.org", head!.Host);
        Assert.Equal(0, head.MinorVersion);
    }

    [Fact]
    public void TryParse_AbsoluteFormWithoutHostInHttp11_MissingHost()
    {
        // RFC 9112 §3.2: an HTTP/1.1 request without Host gets a 400, whatever the target.
        Assert.Equal(HttpHeadError.MissingHost, Reject("GET http://example.org/ HTTP/1.1\r\n\r\n"));
    }

    [Fact]
    public void TryParse_AbsoluteFormWithInvalidHostHeader_InvalidHost()
    {
        Assert.Equal(HttpHeadError.InvalidHost, Reject("GET http://example.org/ HTTP/1.1\r\nHost: a b\r\n\r\n"));
    }

    [Theory]
    [InlineData("CONNECT www.example.org:443 HTTP/1.1\r\nHost: www.example.org:443\r\nUser-Agent: curl/7.88.1\r\nProxy-Connection: Keep-Alive\r\n\r\n")]
    [InlineData("CONNECT example.org:443 HTTP/1.0\r\n")]
    public void TryParse_Connect_ConnectNotAllowedOnceTheRequestLineEnds(string request)
    {
        // The first is curl -p -x http://127.0.0.1:P https://www.example.org/, captured.
        Assert.Equal(HttpHeadError.ConnectNotAllowed, Reject(request));
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: a.example.org\r\nHost: b.example.org\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: example.org\r\nhOsT: example.org\r\n\r\n")]
    [InlineData("GET http://example.org/ HTTP/1.1\r\nHost: example.org\r\nHost: example.org\r\n\r\n")]
    public void TryParse_TwoHostLines_DuplicateHost(string request)
    {
        Assert.Equal(HttpHeadError.DuplicateHost, Reject(request));
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n")]
    [InlineData("GET / HTTP/1.0\r\nAccept: */*\r\n\r\n")]
    [InlineData("GET / HTTP/1.0\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nX-Host: example.org\r\nHosts: example.org\r\n\r\n")]
    public void TryParse_NoHost_MissingHost(string request)
    {
        Assert.Equal(HttpHeadError.MissingHost, Reject(request));
    }

    [Theory]
    [InlineData("example.org:8080", "example.org", 8080)]
    [InlineData("example.org:080", "example.org", 80)]
    [InlineData("example.org:65535", "example.org", 65535)]
    [InlineData("example.org:", "example.org", null)]
    [InlineData("Example.ORG.", "Example.ORG.", null)]
    [InlineData("[::1]:80", "[::1]", 80)]
    [InlineData("[2001:db8::1]:80", "[2001:db8::1]", 80)]
    [InlineData("[2001:db8::1]", "[2001:db8::1]", null)]
    [InlineData("[::ffff:192.0.2.1]", "[::ffff:192.0.2.1]", null)]
    [InlineData("192.0.2.1:80", "192.0.2.1", 80)]
    [InlineData("exa_mple.org", "exa_mple.org", null)]
    [InlineData("  example.org \t", "example.org", null)]
    public void TryParse_HostValue_SplitIntoHostAndPort(string value, string host, int? port)
    {
        HttpRequestHead? head = Parse($"GET / HTTP/1.1\r\nHost:{value}\r\n\r\n");
        Assert.Equal(host, head!.Host);
        Assert.Equal(port, head.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("exa%6dple.org")]
    [InlineData("user@example.org")]
    [InlineData("example.org:0")]
    [InlineData("example.org:65536")]
    [InlineData("example.org:123456")]
    [InlineData("example.org:8a")]
    [InlineData("example.org:-1")]
    [InlineData("example.org:80:80")]
    [InlineData("::1")]
    [InlineData("[::1")]
    [InlineData("[]")]
    [InlineData("[::1]x")]
    [InlineData("[fe80::1%25eth0]")]
    [InlineData("[v1.x]")]
    [InlineData("a b.org")]
    [InlineData("a/b.org")]
    [InlineData("example.org/")]
    [InlineData("caf\u00e9.example")]
    [InlineData(":80")]
    public void TryParse_BadHostValue_InvalidHost(string value)
    {
        Assert.Equal(HttpHeadError.InvalidHost, Reject($"GET / HTTP/1.1\r\nHost: {value}\r\n\r\n"));
    }

    [Theory]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")]
    [InlineData("PRI * HTTP/2.0\r\n")]
    [InlineData("GET / HTTP/2.0\r\nHost: example.org\r\n\r\n")]
    [InlineData("GET / HTTP/3.0\r\n")]
    [InlineData("GET / HTTP/0.9\r\n")]
    [InlineData("GET /index.html\r\n")]
    [InlineData("GET /\n")]
    public void TryParse_NotHttp1_UnsupportedVersion(string request)
    {
        Assert.Equal(HttpHeadError.UnsupportedVersion, Reject(request));
    }

    [Fact]
    public void TryParse_HigherMinorVersion_TreatedAs11()
    {
        Assert.Equal(1, Parse("GET / HTTP/1.9\r\nHost: example.org\r\n\r\n")!.MinorVersion);
        Assert.Equal(0, Parse("GET / HTTP/1.0\r\nHost: example.org\r\n\r\n")!.MinorVersion);
    }

    [Theory]
    [InlineData("GET  / HTTP/1.1\r\n")]
    [InlineData("GET / HTTP/1.1 \r\n")]
    [InlineData("GET / http/1.1\r\n")]
    [InlineData("GET / HTTP/1.1x\r\n")]
    [InlineData("GET / HTTP/11\r\n")]
    [InlineData("GET / HTTP/1.\r\n")]
    [InlineData("G(T / HTTP/1.1\r\n")]
    [InlineData(" GET / HTTP/1.1\r\n")]
    [InlineData("GET /\x7f HTTP/1.1\r\n")]
    [InlineData("GET /\r HTTP/1.1\r\n")]
    [InlineData("GET * HTTP/1.1\r\n")]
    [InlineData("GET example.org:80 HTTP/1.1\r\n")]
    [InlineData("GET ftp://example.org/ HTTP/1.1\r\n")]
    [InlineData("GET http:example.org HTTP/1.1\r\n")]
    [InlineData("GET 1http://example.org/ HTTP/1.1\r\n")]
    [InlineData("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n")]
    public void TryParse_BadRequestLine_NotHttp(string request)
    {
        Assert.Equal(HttpHeadError.NotHttp, Reject(request));
    }

    [Theory]
    [InlineData("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03")]  // a TLS ClientHello sent to port 80
    [InlineData("\x80\x2e\x01")]
    [InlineData("GET /\x00")]
    [InlineData("GET\t/")]
    [InlineData("\r\r")]
    public void TryParse_NotARequestLinePrefix_NotHttpWithoutWaiting(string partial)
    {
        Assert.Equal(HttpHeadError.NotHttp, Reject(partial));
    }

    [Fact]
    public void TryParse_OptionsAsterisk_Complete()
    {
        Assert.Equal("*", Parse("OPTIONS * HTTP/1.1\r\nHost: example.org\r\n\r\n")!.Target);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: example.org\r\nX-Folded: a\r\n b\r\n\r\n")]      // obs-fold
    [InlineData("GET / HTTP/1.1\r\nHost: example.org\r\nX-Folded: a\r\n\tb\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\n Host: example.org\r\n\r\n")]                         // whitespace before the first field
    [InlineData("GET / HTTP/1.1\r\nHost : example.org\r\n\r\n")]                         // whitespace before the colon
    [InlineData("GET / HTTP/1.1\r\nHost\t: example.org\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost example.org\r\n\r\n")]                           // no colon
    [InlineData("GET / HTTP/1.1\r\n: example.org\r\n\r\n")]                              // empty name
    [InlineData("GET / HTTP/1.1\r\nHost: example.org\rX-Smuggle: 1\r\n\r\n")]           // bare CR
    [InlineData("GET / HTTP/1.1\r\nHost: example.org\r\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: exam\0ple.org\r\n\r\n")]                        // NUL
    [InlineData("GET / HTTP/1.1\r\nX-A: \x7f\r\nHost: example.org\r\n\r\n")]             // DEL
    [InlineData("GET / HTTP/1.1\r\nX(A): 1\r\nHost: example.org\r\n\r\n")]
    public void TryParse_BadHeaderLine_InvalidHeader(string request)
    {
        Assert.Equal(HttpHeadError.InvalidHeader, Reject(request));
    }

    [Fact]
    public void TryParse_BadHeaderLine_RejectedBeforeTheBlankLine()
    {
        Assert.Equal(HttpHeadError.InvalidHeader, Reject("GET / HTTP/1.1\r\nX-Folded: a\r\n b\r\n"));
    }

    [Theory]
    [InlineData("hOsT")]
    [InlineData("HOST")]
    [InlineData("host")]
    public void TryParse_HostFieldName_CaseInsensitive(string name)
    {
        Assert.Equal("example.org", Parse($"GET / HTTP/1.1\r\n{name}: example.org\r\n\r\n")!.Host);
    }

    [Fact]
    public void TryParse_BareLfLineEndings_Tolerated()
    {
        const string Request = "GET / HTTP/1.1\nHost: example.org\nAccept: */*\n\n";
        HttpRequestHead? head = Parse(Request);
        Assert.Equal("example.org", head!.Host);
        Assert.Equal(Request.Length, head.HeadLength);
    }

    [Fact]
    public void TryParse_LeadingEmptyLines_Ignored()
    {
        // RFC 9112 §2.2: some clients send a CRLF after a POST body, before the next request.
        HttpRequestHead? head = Parse("\r\n\nGET / HTTP/1.1\r\nHost: example.org\r\n\r\n");
        Assert.Equal(40, head!.HeadLength);
    }

    [Fact]
    public void TryParse_HeadLargerThanCap_TooLarge()
    {
        string prefix = "GET / HTTP/1.1\r\nHost: example.org\r\nX-Pad: ";
        string request = prefix + new string('a', Max) + "\r\n\r\n";
        byte[] bytes = Encoding.ASCII.GetBytes(request);

        Assert.Equal(HttpHeadStatus.TooLarge, HttpRequestHeadParser.TryParse(bytes, Max, out HttpRequestHead? head, out HttpHeadError error));
        Assert.Null(head);
        Assert.Equal(HttpHeadError.HeaderTooLarge, error);

        // Decided as soon as the cap is reached, without waiting for more.
        Assert.Equal(HttpHeadStatus.TooLarge, HttpRequestHeadParser.TryParse(bytes.AsSpan(0, Max), Max, out _, out _));
        Assert.Equal(HttpHeadStatus.Incomplete, HttpRequestHeadParser.TryParse(bytes.AsSpan(0, Max - 1), Max, out _, out _));
    }

    [Fact]
    public void TryParse_HeadOfExactlyTheCap_Complete()
    {
        string prefix = "GET / HTTP/1.1\r\nHost: example.org\r\nX-Pad: ";
        string request = prefix + new string('a', Max - prefix.Length - 4) + "\r\n\r\n";
        Assert.Equal(Max, request.Length);
        byte[] bytes = Encoding.ASCII.GetBytes(request + "GET / HTTP/1.1\r\n");

        Assert.Equal(HttpHeadStatus.Complete, HttpRequestHeadParser.TryParse(bytes, Max, out HttpRequestHead? head, out _));
        Assert.Equal(Max, head!.HeadLength);
        Assert.Equal(HttpHeadStatus.TooLarge, HttpRequestHeadParser.TryParse(bytes.AsSpan(0, Max + 1), Max - 1, out _, out _));
    }

    [Fact]
    public void TryParse_EndlessRequestLine_TooLarge()
    {
        byte[] bytes = Encoding.ASCII.GetBytes("GET /" + new string('a', 100));
        Assert.Equal(HttpHeadStatus.TooLarge, HttpRequestHeadParser.TryParse(bytes, 64, out _, out HttpHeadError error));
        Assert.Equal(HttpHeadError.HeaderTooLarge, error);
    }

    [Fact]
    public void TryParse_Incomplete_AllocatesNothing()
    {
        byte[] bytes = Encoding.ASCII.GetBytes("GET /index.html HTTP/1.1\r\nHost: www.example.org\r\nUser-Agent: curl/7.88.1\r\n");
        HttpRequestHeadParser.TryParse(bytes, Max, out _, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            HttpRequestHeadParser.TryParse(bytes, Max, out _, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void TryParse_SeededRandomMutations_NeverThrow()
    {
        Random random = new(20240602);
        byte[][] seeds = [.. ValidHeads().Select(Encoding.Latin1.GetBytes)];
        const string Alphabet = "\r\n :[]@%/\t\0Hh.";
        int[] counts = new int[4];
        for (int iteration = 0; iteration < 25_000; iteration++)
        {
            List<byte> bytes = [.. seeds[iteration % seeds.Length]];
            for (int m = 1 + random.Next(3); m > 0 && bytes.Count > 0; m--)
            {
                int at = random.Next(bytes.Count);
                switch (random.Next(5))
                {
                    case 0:
                        bytes[at] = (byte)Alphabet[random.Next(Alphabet.Length)];
                        break;
                    case 1:
                        bytes[at] = (byte)random.Next(256);
                        break;
                    case 2:
                        bytes.Insert(at, (byte)Alphabet[random.Next(Alphabet.Length)]);
                        break;
                    case 3:
                        bytes.RemoveAt(at);
                        break;
                    default:
                        bytes.RemoveRange(at, bytes.Count - at);
                        break;
                }
            }

            byte[] input = [.. bytes];
            HttpHeadStatus status = HttpRequestHeadParser.TryParse(input, 96, out HttpRequestHead? head, out HttpHeadError error);
            counts[(int)status]++;
            Assert.Equal(status == HttpHeadStatus.Complete, head is not null);
            Assert.Equal(status is HttpHeadStatus.Complete or HttpHeadStatus.Incomplete, error == HttpHeadError.None);
            if (head is not null)
            {
                Assert.InRange(head.HeadLength, 1, Math.Min(input.Length, 96));
                Assert.NotEmpty(head.Host);
                Assert.True(head.Port is null or (> 0 and <= 65535));
            }
        }

        Assert.All(counts, count => Assert.True(count > 0, string.Join(",", counts)));
    }

    [Fact]
    public void TryParse_NonPositiveCap_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HttpRequestHeadParser.TryParse([], 0, out _, out _));
    }

    private static HttpRequestHead? Parse(string request)
    {
        HttpHeadStatus status = HttpRequestHeadParser.TryParse(Encoding.Latin1.GetBytes(request), Max, out HttpRequestHead? head, out HttpHeadError error);
        Assert.True(status == HttpHeadStatus.Complete, $"{status} {error}");
        Assert.Equal(HttpHeadError.None, error);
        return head;
    }

    private static HttpHeadError Reject(string request)
    {
        HttpHeadStatus status = HttpRequestHeadParser.TryParse(Encoding.Latin1.GetBytes(request), Max, out HttpRequestHead? head, out HttpHeadError error);
        Assert.Equal(HttpHeadStatus.Invalid, status);
        Assert.Null(head);
        return error;
    }
}
