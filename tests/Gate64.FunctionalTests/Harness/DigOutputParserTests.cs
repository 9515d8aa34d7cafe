using System.Net;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Harness;

public sealed class DigOutputParserTests
{
    private const string DigOutput = """
        ;; Got answer:
        ;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 30588
        ;; flags: qr aa rd ra; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 1

        ;; OPT PSEUDOSECTION:
        ; EDNS: version: 0, flags:; udp: 1232
        ;; QUESTION SECTION:
        ;alias.test.			IN	AAAA

        ;; ANSWER SECTION:
        alias.test.		3600	IN	CNAME	v4only.test.
        v4only.test.		300	IN	AAAA	2001:db8:64::c000:20a

        """;

    private const string KdigOutput = """
        ;; ->>HEADER<<- opcode: QUERY; status: NXDOMAIN; id: 54122
        ;; Flags: qr aa rd ra cd; QUERY: 1; ANSWER: 0; AUTHORITY: 1; ADDITIONAL: 1

        ;; EDNS PSEUDOSECTION:
        ;; Version: 0; flags: do; UDP size: 1232 B; ext-rcode: NOERROR

        ;; QUESTION SECTION:
        ;; nosuch.test.        		IN	AAAA

        ;; AUTHORITY SECTION:
        test.               	300	IN	SOA	ns.test. hostmaster.test. 1 3600 600 86400 300

        ;; Received 29 B
        """;

    [Fact]
    public void Parse_DigAnswer_ReadsStatusFlagsAndRecords()
    {
        DigResult result = DigOutputParser.Parse("dig", 0, DigOutput);

        Assert.True(result.Answered);
        Assert.Equal("NOERROR", result.Status);
        Assert.Equal(new HashSet<string> { "qr", "aa", "rd", "ra" }, result.Flags);
        Assert.Equal(2, result.Answer.Count);
        Assert.Equal(new DigRecord("alias.test.", 3600, "IN", "CNAME", "v4only.test."), result.Answer[0]);
        DigRecord aaaa = Assert.Single(result.AnswersOfType("aaaa"));
        Assert.Equal("v4only.test.", aaaa.Name);
        Assert.Equal(300u, aaaa.Ttl);
        Assert.Equal(IPAddress.Parse("2001:db8:64::c000:20a"), aaaa.Address);
        Assert.Empty(result.Authority);
    }

    [Fact]
    public void Parse_KdigNegativeAnswer_ReadsStatusAndAuthority()
    {
        DigResult result = DigOutputParser.Parse("kdig", 0, KdigOutput);

        Assert.Equal("NXDOMAIN", result.Status);
        Assert.Contains("cd", result.Flags);
        Assert.Empty(result.Answer);
        DigRecord soa = Assert.Single(result.Authority);
        Assert.Equal("SOA", soa.Type);
        Assert.Equal("ns.test. hostmaster.test. 1 3600 600 86400 300", soa.Data);
    }

    [Fact]
    public void Parse_NoServerReached_IsNotAnswered()
    {
        const string Output = ";; communications error to 127.0.0.1#53532: connection refused\n;; no servers could be reached\n";

        DigResult result = DigOutputParser.Parse("dig", 9, Output);

        Assert.False(result.Answered);
        Assert.Null(result.Status);
        Assert.Empty(result.Answer);
    }
}
