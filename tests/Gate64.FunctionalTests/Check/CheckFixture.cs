using Gate64.Testing;

namespace Gate64.FunctionalTests.Check;

/// <summary>
/// One <see cref="IngressTopology"/> (client4, gateway, backend6 with its TLS and HTTP servers and
/// unbound in the gateway) for the <c>gate64 check</c> tests; no ingress runs: check only looks.
/// </summary>
public sealed class CheckFixture : IAsyncLifetime
{
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromSeconds(25);

    private IngressTopology? _topology;

    public IngressTopology Topology => _topology ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _topology = await IngressTopology.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_topology is not null)
        {
            await _topology.DisposeAsync();
            _topology = null;
        }
    }

    /// <summary>
    /// Runs <c>gate64 check ARGS…</c> inside the gateway namespace, as an operator on the gateway would.
    /// With <paramref name="trustSiteCertificate"/>, the backend's self-signed certificate is the
    /// trust store (<c>SSL_CERT_FILE</c>), as a certificate from a public CA would be.
    /// </summary>
    public async Task<CheckRun> CheckAsync(IEnumerable<string> arguments, bool trustSiteCertificate = true)
    {
        Gate64Executable gate64 = Gate64Executable.Locate();
        Dictionary<string, string?> environment = new(StringComparer.Ordinal);
        if (trustSiteCertificate)
        {
            environment["SSL_CERT_FILE"] = Topology.CertificatePath;
        }
        await using ChildProcess process = gate64.Start(Topology.Gateway, ["check", .. arguments], new ChildProcessOptions { Environment = environment });
        int exitCode = await process.WaitForExitAsync(s_runTimeout);
        return new CheckRun(exitCode, process.StandardOutput, process.StandardError, process.CommandLine);
    }

    /// <summary><c>--resolver 127.0.0.1:53 --permit 2001:db8:1::/48 --gateway 198.51.100.1</c> and <paramref name="more"/>.</summary>
    public Task<CheckRun> CheckAsync(string name, params string[] more) =>
        CheckAsync(
            [
                name,
                "--resolver", IngressTopology.ResolverEndPoint.ToString(),
                "--permit", IngressTopology.SitePrefix,
                "--gateway", IngressTopology.GatewayAddress.ToString(),
                .. more,
            ]);
}
