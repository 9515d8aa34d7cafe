using System.Globalization;
using System.Text;
using Gate64.Ingress;
using Gate64.Protocols.Tls;

namespace Gate64.Tests.Ingress;

public class RefusalResponseTests
{
    [Fact]
    public void HttpPage_NoAaaa_IsA502WhoseContentLengthCountsTheBodyBytes()
    {
        string page = Encoding.UTF8.GetString(RefusalResponse.HttpPage(IngressRefusal.NoAaaa, "example.org", "the name has no AAAA record"));

        Assert.StartsWith("HTTP/1.1 502 Bad Gateway\r\n", page, StringComparison.Ordinal);
        (string head, string body) = Split(page);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), ContentLength(head));
        Assert.Contains("example.org has no AAAA record", body, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", head + "\r\n", StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: text/plain; charset=utf-8", head, StringComparison.Ordinal);
    }

    [Fact]
    public void HttpPage_NonAsciiDetail_CountsUtf8BytesNotCharacters()
    {
        byte[] bytes = RefusalResponse.HttpPage(IngressRefusal.DnsFailure, "site.test", "résolveur en panne — délai dépassé");
        string page = Encoding.UTF8.GetString(bytes);

        (string head, string body) = Split(page);
        int headBytes = Encoding.UTF8.GetByteCount(head) + 4;
        Assert.NotEqual(body.Length, Encoding.UTF8.GetByteCount(body));
        Assert.Equal(bytes.Length - headBytes, ContentLength(head));
        Assert.Contains("résolveur en panne", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IngressRefusal.NoAaaa, 502, "Bad Gateway")]
    [InlineData(IngressRefusal.NxDomain, 502, "Bad Gateway")]
    [InlineData(IngressRefusal.NotPermitted, 502, "Bad Gateway")]
    [InlineData(IngressRefusal.BackendRefused, 502, "Bad Gateway")]
    [InlineData(IngressRefusal.BackendTimeout, 504, "Gateway Timeout")]
    [InlineData(IngressRefusal.ClientTimeout, 408, "Request Timeout")]
    [InlineData(IngressRefusal.ConnectNotAllowed, 405, "Method Not Allowed")]
    [InlineData(IngressRefusal.RequestTooLarge, 431, "Request Header Fields Too Large")]
    [InlineData(IngressRefusal.NoServerName, 400, "Bad Request")]
    [InlineData(IngressRefusal.MalformedRequest, 400, "Bad Request")]
    [InlineData(IngressRefusal.InvalidName, 400, "Bad Request")]
    [InlineData(IngressRefusal.TooManyConnections, 503, "Service Unavailable")]
    public void HttpStatus_EachRefusal_HasItsStatusAndThePageStartsWithIt(IngressRefusal refusal, int status, string phrase)
    {
        Assert.Equal((status, phrase), RefusalResponse.HttpStatus(refusal));
        string page = Encoding.UTF8.GetString(RefusalResponse.HttpPage(refusal, "site.test", "detail"));
        Assert.StartsWith($"HTTP/1.1 {status} {phrase}\r\n", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IngressRefusal.NoAaaa, TlsAlertDescription.UnrecognizedName)]
    [InlineData(IngressRefusal.NxDomain, TlsAlertDescription.UnrecognizedName)]
    [InlineData(IngressRefusal.NotPermitted, TlsAlertDescription.UnrecognizedName)]
    [InlineData(IngressRefusal.NoServerName, TlsAlertDescription.UnrecognizedName)]
    [InlineData(IngressRefusal.InvalidName, TlsAlertDescription.UnrecognizedName)]
    [InlineData(IngressRefusal.DnsFailure, TlsAlertDescription.InternalError)]
    [InlineData(IngressRefusal.BackendRefused, TlsAlertDescription.InternalError)]
    [InlineData(IngressRefusal.BackendTimeout, TlsAlertDescription.InternalError)]
    [InlineData(IngressRefusal.MalformedRequest, TlsAlertDescription.DecodeError)]
    [InlineData(IngressRefusal.RequestTooLarge, TlsAlertDescription.DecodeError)]
    public void Alert_EachRefusal_HasItsAlert(IngressRefusal refusal, TlsAlertDescription alert)
    {
        Assert.Equal(alert, RefusalResponse.Alert(refusal));
    }

    [Fact]
    public void Slug_EveryRefusal_HasItsOwnSnakeCaseSlug()
    {
        IngressRefusal[] refusals = Enum.GetValues<IngressRefusal>();

        string[] slugs = [.. refusals.Select(RefusalResponse.Slug)];

        Assert.Equal(refusals.Length, slugs.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain("other", slugs);
        Assert.All(slugs, slug => Assert.Matches("^[a-z]+(_[a-z]+)*$", slug));
    }

    [Fact]
    public void Explain_EveryRefusal_HasItsOwnSentence()
    {
        string[] sentences = [.. Enum.GetValues<IngressRefusal>().Select(refusal => RefusalResponse.Explain(refusal, "site.test", "detail"))];

        Assert.Equal(sentences.Length, sentences.Distinct(StringComparer.Ordinal).Count());
    }

    private static (string Head, string Body) Split(string page)
    {
        int end = page.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, "no blank line after the head");
        return (page[..end], page[(end + 4)..]);
    }

    private static int ContentLength(string head)
    {
        const string Header = "\r\nContent-Length: ";
        int start = head.IndexOf(Header, StringComparison.Ordinal);
        Assert.True(start > 0, "no Content-Length header");
        start += Header.Length;
        int end = head.IndexOf("\r\n", start, StringComparison.Ordinal);
        return int.Parse(end < 0 ? head[start..] : head[start..end], CultureInfo.InvariantCulture);
    }
}
