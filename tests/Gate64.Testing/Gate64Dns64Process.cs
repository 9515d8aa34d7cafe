using System.Net;

namespace Gate64.Testing;

/// <summary>
/// A running <c>gate64 dns64 --listen 127.0.0.1:P [--listen [::1]:P] --upstream U --prefix …</c>,
/// started once it answers DNS over UDP and TCP. Disposing kills it.
/// </summary>
public sealed class Gate64Dns64Process : IAsyncDisposable
{
    /// <summary>Answered by gate64 itself (RFC 7050), so the probe needs no upstream.</summary>
    public const string ProbeName = "ipv4only.arpa.";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(20);

    private Gate64Dns64Process(ChildProcess process, IPEndPoint endPoint, IPEndPoint? ipv6EndPoint, IReadOnlyList<string> arguments)
    {
        Process = process;
        EndPoint = endPoint;
        IPv6EndPoint = ipv6EndPoint;
        Arguments = arguments;
    }

    public ChildProcess Process { get; }

    /// <summary>The 127.0.0.1 listener (UDP and TCP).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The [::1] listener, or null when ::1 is not usable here or was not asked for.</summary>
    public IPEndPoint? IPv6EndPoint { get; }

    /// <summary>The arguments after <c>gate64</c>.</summary>
    public IReadOnlyList<string> Arguments { get; }

    public static async Task<Gate64Dns64Process> StartAsync(Gate64Dns64Options options)
    {
        Gate64Executable executable = Gate64Executable.Locate();
        bool withIPv6 = options.ListenOnIPv6Loopback && LoopbackIPv6.IsUsable;
        using FreePort port = FreePort.Reserve(withIPv6);
        List<string> arguments = BuildArguments(options, port);
        port.Release();

        ChildProcess process = executable.Start(arguments);
        try
        {
            await DnsReadiness.WaitAsync(process, port.IPv4EndPoint, ProbeName, "AAAA", s_startTimeout).ConfigureAwait(false);
            if (withIPv6)
            {
                await DnsReadiness.WaitAsync(process, port.IPv6EndPoint, ProbeName, "AAAA", s_startTimeout).ConfigureAwait(false);
            }

            return new Gate64Dns64Process(process, port.IPv4EndPoint, withIPv6 ? port.IPv6EndPoint : null, arguments);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private static List<string> BuildArguments(Gate64Dns64Options options, FreePort port)
    {
        List<string> arguments = ["dns64", "--listen", port.IPv4EndPoint.ToString()];
        if (port.IncludesIPv6Loopback)
        {
            arguments.AddRange(["--listen", port.IPv6EndPoint.ToString()]);
        }

        arguments.AddRange(["--upstream", options.Upstream.ToString()]);
        if (options.Prefix is not null)
        {
            arguments.AddRange(["--prefix", options.Prefix]);
        }

        List<string> allow = [.. options.Allow];
        if (port.IncludesIPv6Loopback && allow.Contains("127.0.0.0/8") && !allow.Contains("::1/128"))
        {
            allow.Add("::1/128");
        }

        foreach (string prefix in allow)
        {
            arguments.AddRange(["--allow", prefix]);
        }

        foreach (string prefix in options.Exclude)
        {
            arguments.AddRange(["--exclude", prefix]);
        }

        arguments.AddRange(options.ExtraArguments);
        return arguments;
    }
}
