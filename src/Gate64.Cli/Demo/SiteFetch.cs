namespace Gate64.Cli.Demo;

/// <summary>The IPv4 client's fetch of https://site1.demo.test/ through the ingress, shared by steps 3 and 5.</summary>
internal static class SiteFetch
{
    /// <summary>
    /// <c>curl</c> in the client: the name resolves to the gateway's address (the A record, given with
    /// <c>--resolve</c> because the client has no resolver of its own), and the certificate is checked
    /// against the site's own self-signed one: TLS ends at the workload, never at the gateway.
    /// </summary>
    public static Task<DemoCommandResult> RunAsync(DemoContext context) =>
        context.RunInAsync(
            DemoRole.Client, context.Tools.Curl,
            "-sS", "--max-time", "10",
            "--cacert", context.Files.SiteCertificate,
            "--resolve", $"{DemoAddresses.SiteName}:443:{DemoAddresses.IngressAddress}",
            $"https://{DemoAddresses.SiteName}/");

    /// <summary>True when the fetch brought workload 1's page.</summary>
    public static bool Succeeded(DemoCommandResult result) =>
        result.Succeeded && result.StandardOutput.StartsWith(DemoFiles.SitePageStart, StringComparison.Ordinal);
}
