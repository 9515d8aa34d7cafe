namespace Gate64.Cli.Demo;

/// <summary>Step 4: a name without AAAA is refused with its reason, over HTTP and TLS, and gate64 check explains it.</summary>
internal sealed class RefusalStep : IDemoStep
{
    public string Title => "A name without AAAA is refused, with the reason";

    public async Task<bool> RunAsync(DemoContext context)
    {
        DemoNarrator narrator = context.Narrator;
        string name = DemoAddresses.NoAaaaName;
        narrator.Say($"{name} points at the gateway too, but has no AAAA record: there is no IPv6 server to go to.");
        narrator.Say("Over HTTP the ingress answers with a page that names the reason:");
        DemoCommandResult http = await context.RunInAsync(
            DemoRole.Client, context.Tools.Curl,
            "-sS", "--max-time", "10", "-w", "\\nHTTP status %{http_code}\\n",
            "--resolve", $"{name}:80:{DemoAddresses.IngressAddress}",
            $"http://{name}/").ConfigureAwait(false);
        narrator.Command(http);
        bool httpRefused = http.Succeeded
            && http.StandardOutput.Contains("HTTP status 502", StringComparison.Ordinal)
            && http.StandardOutput.Contains($"{name} has no AAAA record", StringComparison.Ordinal);
        narrator.Check(httpRefused, $"502 Bad Gateway: \"{name} has no AAAA record\"");

        narrator.Say("Over TLS it cannot send a page without a certificate for the name; it sends an alert:");
        DemoCommandResult tls = await context.RunInAsync(
            DemoRole.Client, context.Tools.Curl,
            "-sS", "--max-time", "10",
            "--resolve", $"{name}:443:{DemoAddresses.IngressAddress}",
            $"https://{name}/").ConfigureAwait(false);
        narrator.Command(tls);
        bool tlsRefused = !tls.Succeeded && tls.StandardError.Contains("unrecognized name", StringComparison.OrdinalIgnoreCase);
        narrator.Check(tlsRefused, "TLS alert unrecognized_name (112)");

        narrator.Say("The gateway's operator (or the customer) asks gate64 check what is wrong and what to fix:");
        DemoCommandResult check = await context.Gate64InAsync(DemoRole.Gateway, DemoGate64Arguments.Check(name)).ConfigureAwait(false);
        narrator.Command(check, maxLines: 24);
        bool explained = check.ExitCode == 1 && check.StandardOutput.Contains($"{name} has no AAAA record", StringComparison.Ordinal);
        narrator.Check(explained, "gate64 check: ingress will not work, because there is no AAAA record (exit code 1)");
        return httpRefused && tlsRefused && explained;
    }
}
