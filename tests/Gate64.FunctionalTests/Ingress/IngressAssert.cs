using Gate64.Testing;

namespace Gate64.FunctionalTests.Ingress;

/// <summary>Assertions on what the ingress tells refused clients and logs.</summary>
internal static class IngressAssert
{
    private static readonly TimeSpan s_logWait = TimeSpan.FromSeconds(5);

    /// <summary>An HTTP refusal page: the status, and a body naming the site (when given) and the reason.</summary>
    public static void HttpRefusal(CurlResponse response, int status, string? name, string reason)
    {
        Assert.True(response.Status == status, $"expected HTTP {status}; {response}");
        if (name is not null)
        {
            Assert.True(response.Body.Contains(name, StringComparison.OrdinalIgnoreCase), $"the page does not name {name}; {response}");
        }

        Assert.True(response.Body.Contains(reason, StringComparison.OrdinalIgnoreCase), $"the page does not say \"{reason}\"; {response}");
    }

    /// <summary>An HTTP refusal read as raw bytes: status line and body text.</summary>
    public static void HttpRefusal(RawExchange exchange, int status, string reason)
    {
        Assert.True(exchange.HttpStatus == status, $"expected HTTP {status}; {exchange}");
        Assert.True(exchange.ReceivedText.Contains(reason, StringComparison.OrdinalIgnoreCase), $"the reply does not say \"{reason}\"; {exchange}");
    }

    /// <summary>
    /// <c>openssl s_client</c> failed on a fatal alert from the gateway. OpenSSL 3 prints e.g.
    /// <c>…:ssl3_read_bytes:tlsv1 unrecognized name:…:SSL alert number 112</c>.
    /// </summary>
    public static void TlsAlert(ChildProcessResult sClient, int alertNumber, string alertText)
    {
        Assert.True(sClient.ExitCode != 0, $"s_client succeeded; {sClient}");
        Assert.True(sClient.Output.Contains($"SSL alert number {alertNumber}", StringComparison.Ordinal), $"no alert {alertNumber}; {sClient}");
        Assert.True(sClient.Output.Contains(alertText, StringComparison.Ordinal), $"no \"{alertText}\"; {sClient}");
    }

    /// <summary>The raw reply is exactly one fatal alert record: <c>15 03 0x 00 02 02 DESCRIPTION</c>.</summary>
    public static void RawAlert(RawExchange exchange, byte description)
    {
        byte[] data = exchange.Received;
        Assert.True(
            data.Length >= 7 && data[0] == 0x15 && data[1] == 0x03 && data[3] == 0x00 && data[4] == 0x02 && data[5] == 0x02 && data[6] == description,
            $"expected a fatal alert {description}; {exchange}");
    }

    /// <summary>gate64 logged one line with "refused" and each of <paramref name="fragments"/>; returns it.</summary>
    public static async Task<string> RefusalLoggedAsync(Gate64IngressProcess gateway, params string[] fragments)
    {
        string line = await gateway.WaitForLogLineAsync(s_logWait, ["refused", .. fragments]);
        return line;
    }
}
