using System.Text.Json;
using Gate64.Diagnostics;

namespace Gate64.Tests.Diagnostics;

/// <summary>The report as people read it (<see cref="IngressCheckText"/>) and as scripts read it (<see cref="IngressCheckJsonContext"/>).</summary>
public sealed class IngressCheckTextTests
{
    [Fact]
    public void Format_AllPassed_IsOneLineAStepAndTheVerdict()
    {
        IngressCheckReport report = new("example.org",
        [
            new CheckStep("a-record", "A record", CheckStatus.Pass, "example.org → 198.51.100.1 (the gateway)"),
            new CheckStep("aaaa-record", "AAAA record", CheckStatus.Pass, "example.org → 2001:db8:1::10"),
        ])
        {
            Resolver = "127.0.0.1:53",
            Gateway = ["198.51.100.1"],
            Permitted = ["2001:db8:1::/48"],
        };

        string text = IngressCheckText.Format(report);

        Assert.Equal(
            """
            Checking ingress for example.org
              (resolver 127.0.0.1:53; gateway 198.51.100.1; permitted 2001:db8:1::/48)

            ✓ A record: example.org → 198.51.100.1 (the gateway)
            ✓ AAAA record: example.org → 2001:db8:1::10

            Verdict: ingress will work for example.org.

            """,
            text);
    }

    [Fact]
    public void Format_FailureAndWarning_MarksEachAndListsTheFixesFailuresFirst()
    {
        IngressCheckReport report = new("example.org",
        [
            new CheckStep("a-record", "A record", CheckStatus.Warn, "example.org has no A record", "Add an A record."),
            new CheckStep("aaaa-record", "AAAA record", CheckStatus.Fail, "example.org has no AAAA record", "Add an AAAA record."),
            new CheckStep("tls", "TLS handshake", CheckStatus.Skipped, "skipped: no AAAA record"),
        ]);

        string text = IngressCheckText.Format(report);

        Assert.Contains("\n! A record: example.org has no A record\n", text, StringComparison.Ordinal);
        Assert.Contains("\n✗ AAAA record: example.org has no AAAA record\n", text, StringComparison.Ordinal);
        Assert.Contains("\n- TLS handshake: skipped: no AAAA record\n", text, StringComparison.Ordinal);
        Assert.EndsWith(
            """
            Verdict: ingress will NOT work for example.org.

            To fix:
              • Add an AAAA record.

            Also recommended:
              • Add an A record.

            """,
            text,
            StringComparison.Ordinal);
        Assert.Contains("(gateway unknown; no prefix permitted)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_SameFixForAFailureAndAWarning_IsListedOnce()
    {
        IngressCheckReport report = new("example.org",
        [
            new CheckStep("a-record", "A record", CheckStatus.Warn, "no answer", "Fix the name servers."),
            new CheckStep("aaaa-record", "AAAA record", CheckStatus.Fail, "no answer", "Fix the name servers."),
        ]);

        string text = IngressCheckText.Format(report);

        Assert.EndsWith("To fix:\n  • Fix the name servers.\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("recommended", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Format_WarningsOnly_SaysItWorksWithWarnings()
    {
        IngressCheckReport report = new("example.org", [new CheckStep("a-record", "A record", CheckStatus.Warn, "no A record", "Add an A record.")]);

        string text = IngressCheckText.Format(report);

        Assert.Contains("Verdict: ingress will work for example.org, with warnings.\n\nRecommended:\n  • Add an A record.\n", text, StringComparison.Ordinal);
        Assert.Equal(3, report.ExitCode);
    }

    [Fact]
    public void Json_Report_HasCamelCaseNamesLowerCaseWordsAndTheExitCode()
    {
        IngressCheckReport report = new("example.org",
        [
            new CheckStep("a-record", "A record", CheckStatus.Warn, "example.org has no A record", "Add an A record."),
            new CheckStep("tls", "TLS handshake", CheckStatus.Skipped, "skipped"),
            new CheckStep("aaaa-record", "AAAA record", CheckStatus.Pass, "example.org → 2001:db8:1::10 (it's there)"),
        ])
        {
            Resolver = "127.0.0.1:53",
            Gateway = ["198.51.100.1"],
            Permitted = ["2001:db8:1::/48"],
            Aaaa = ["2001:db8:1::10"],
        };

        string json = IngressCheckJson.Serialize(report);

        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        Assert.Equal("example.org", root.GetProperty("name").GetString());
        Assert.Equal("works-with-warnings", root.GetProperty("verdict").GetString());
        Assert.Equal(3, root.GetProperty("exitCode").GetInt32());
        Assert.Equal("127.0.0.1:53", root.GetProperty("resolver").GetString());
        Assert.Equal("198.51.100.1", root.GetProperty("gateway")[0].GetString());
        Assert.Equal("2001:db8:1::/48", root.GetProperty("permitted")[0].GetString());
        Assert.Equal(0, root.GetProperty("a").GetArrayLength());
        Assert.Equal("2001:db8:1::10", root.GetProperty("aaaa")[0].GetString());
        JsonElement step = root.GetProperty("steps")[0];
        Assert.Equal("a-record", step.GetProperty("id").GetString());
        Assert.Equal("A record", step.GetProperty("name").GetString());
        Assert.Equal("warn", step.GetProperty("status").GetString());
        Assert.Equal("example.org has no A record", step.GetProperty("message").GetString());
        Assert.Equal("Add an A record.", step.GetProperty("fix").GetString());
        Assert.Equal("skipped", root.GetProperty("steps")[1].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("steps")[1].GetProperty("fix").ValueKind);
        Assert.Equal("Add an A record.", root.GetProperty("fixes")[0].GetString());
        Assert.Contains("example.org → 2001:db8:1::10 (it's there)", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(CheckStatus.Fail), nameof(IngressVerdict.Broken), "broken")]
    [InlineData(nameof(CheckStatus.Pass), nameof(IngressVerdict.Works), "works")]
    public void Json_Verdict_IsAWord(string status, string verdict, string word)
    {
        IngressCheckReport report = new("example.org", [new CheckStep("x", "X", Enum.Parse<CheckStatus>(status), "m")]);

        string json = IngressCheckJson.Serialize(report);

        Assert.Equal(Enum.Parse<IngressVerdict>(verdict), report.Verdict);
        Assert.Contains($"\"verdict\": \"{word}\"", json, StringComparison.Ordinal);
    }
}
