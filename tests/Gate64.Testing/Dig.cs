using System.Globalization;
using System.Net;

namespace Gate64.Testing;

/// <summary>Sends DNS queries to one server by running <c>dig</c> or <c>kdig</c> and parses what they print.</summary>
public sealed class Dig
{
    public Dig(IPEndPoint server)
        : this(server, null)
    {
    }

    /// <summary>Queries <paramref name="server"/> from inside <paramref name="networkNamespace"/> (null: this host's namespace).</summary>
    public Dig(IPEndPoint server, NetworkNamespace? networkNamespace)
    {
        Server = server;
        Namespace = networkNamespace;
    }

    public IPEndPoint Server { get; }

    /// <summary>Where dig runs; null for the namespace of the test process.</summary>
    public NetworkNamespace? Namespace { get; }

    /// <summary>Queries NAME TYPE (class IN). A run without a response returns a result whose <see cref="DigResult.Answered"/> is false.</summary>
    public Task<DigResult> QueryAsync(string name, string type, DigOptions? options = null) =>
        RunAsync([name, type], options ?? DigOptions.Udp);

    /// <summary>Queries the PTR of <paramref name="address"/> (<c>-x</c>).</summary>
    public Task<DigResult> ReverseAsync(IPAddress address, DigOptions? options = null) =>
        RunAsync(["-x", address.ToString()], options ?? DigOptions.Udp);

    private async Task<DigResult> RunAsync(string[] question, DigOptions options)
    {
        int tries = Math.Max(1, options.Tries);
        int timeoutSeconds = Math.Max(1, options.TimeoutSeconds);
        List<string> arguments =
        [
            "@" + Server.Address.ToString(),
            "-p",
            Server.Port.ToString(CultureInfo.InvariantCulture),
            .. question,
            options.UseTcp ? "+tcp" : "+notcp",
        ];
        string program;
        if (options.Flavor == DigFlavor.Kdig)
        {
            program = RequiredTool.Find("kdig");
            arguments.Add($"+timeout={timeoutSeconds}");
            arguments.Add($"+retry={tries - 1}");
            arguments.Add("+nostats");
        }
        else
        {
            program = RequiredTool.Find("dig");
            arguments.Add($"+time={timeoutSeconds}");
            arguments.Add($"+tries={tries}");
            arguments.Add("+nocmd");
            arguments.Add("+nostats");
        }

        if (options.DnssecOk)
        {
            arguments.Add("+dnssec");
        }

        if (options.CheckingDisabled)
        {
            arguments.Add("+cdflag");
        }

        // The program's own retries end first; this only guards against a hung process.
        TimeSpan limit = TimeSpan.FromSeconds((timeoutSeconds * tries) + 10);
        ChildProcessResult result = Namespace is null
            ? await ChildProcess.RunAsync(program, arguments, limit).ConfigureAwait(false)
            : await Namespace.RunAsync(program, arguments, limit).ConfigureAwait(false);
        return DigOutputParser.Parse(result.CommandLine, result.ExitCode, result.StandardOutput + result.StandardError);
    }
}
