using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gate64.Cli.Demo;

/// <summary>
/// The demo's temp folder (<c>$TMPDIR/g64demo-TAG</c>): the rendered BIRD config and its control
/// socket, unbound's config, the IPv4 web server's page, and workload 1's HTTPS server with its
/// self-signed certificate. Removed whole by the cleanup.
/// </summary>
internal sealed class DemoFiles
{
    /// <summary>What the IPv4-only web server serves.</summary>
    public const string WebPage = "Hello from web (203.0.113.10), an IPv4-only web server. It has no IPv6 at all.\n";

    /// <summary>The first words of workload 1's page.</summary>
    public const string SitePageStart = "Hello from site1.demo.test";

    private DemoFiles(string root)
    {
        Root = root;
    }

    public string Root { get; }

    public string BirdConfiguration => Combine("router.conf");

    public string BirdSocket => Combine("bird.ctl");

    public string UnboundConfiguration => Combine("unbound.conf");

    public string WebRoot => Combine("web");

    public string SiteScript => Combine("site1.py");

    /// <summary>The certificate of site1.demo.test: self-signed, so it is its own CA (curl --cacert).</summary>
    public string SiteCertificate => Combine("site1.crt");

    public string SiteKey => Combine("site1.key");

    /// <summary>Writes everything into <paramref name="root"/>, an empty folder made for this run.</summary>
    public static DemoFiles Write(string root, string snippetFolder)
    {
        DemoFiles files = new(root);
        RouterSnippet.WriteConfiguration(snippetFolder, root);
        File.WriteAllText(files.UnboundConfiguration, DemoZone.UnboundConfiguration(root));
        Directory.CreateDirectory(files.WebRoot);
        File.WriteAllText(Path.Combine(files.WebRoot, "index.html"), WebPage);
        File.WriteAllText(files.SiteScript, SiteServerScript);
        files.WriteSiteCertificate();
        return files;
    }

    public string Combine(string name) => Path.Combine(Root, name);

    private void WriteSiteCertificate()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = new($"CN={DemoAddresses.SiteName}", key, HashAlgorithmName.SHA256);
        SubjectAlternativeNameBuilder names = new();
        names.AddDnsName(DemoAddresses.SiteName);
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(SiteCertificate, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(SiteKey, key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    /// <summary>
    /// Workload 1's site: HTTPS on [::]:443 (so it keeps serving while its link moves between hosts),
    /// a page that says who it is and who connected. Arguments: certificate, key.
    /// </summary>
    private const string SiteServerScript = """
        import http.server, socket, ssl, sys

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = ("Hello from site1.demo.test, served over HTTPS by workload 1 (2001:db8:10::1, IPv6 only).\n"
                        "This connection came from [%s].\n" % self.client_address[0]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args):
                sys.stderr.write("%s %s\n" % (self.client_address[0], format % args))

        class Server(http.server.ThreadingHTTPServer):
            address_family = socket.AF_INET6
            daemon_threads = True

        server = Server(("::", 443), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        server.socket = context.wrap_socket(server.socket, server_side=True)
        print("site1 ready on [::]:443", flush=True)
        server.serve_forever()

        """;
}
