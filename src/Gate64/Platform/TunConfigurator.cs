using System.Diagnostics;
using System.Globalization;
using Gate64.Protocols.Ip;

namespace Gate64.Platform;

/// <summary>
/// Sets up a TUN interface with the <c>ip</c> tool (argument vectors, never a shell): MTU, link up, and a route for
/// each prefix through the interface. Remembers the routes it added and removes exactly those in
/// <see cref="RemoveRoutesAsync"/>. (A non-persistent TUN takes its routes with it when it closes; removing them
/// first keeps the host tidy if the interface outlives us.)
/// </summary>
internal sealed class TunConfigurator
{
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(10);

    private readonly string _ip;
    private readonly List<IpPrefix> _routes = [];

    public TunConfigurator(string? ipPath = null)
    {
        _ip = ipPath ?? FindIp();
    }

    /// <summary>Sets the MTU and the queue length (packets the kernel holds for each queue) and brings the interface up.</summary>
    public async Task BringUpAsync(string name, int mtu, int queueLength, CancellationToken cancellationToken)
    {
        await RunAsync(
            ["link", "set", "dev", name, "mtu", mtu.ToString(CultureInfo.InvariantCulture), "txqueuelen", queueLength.ToString(CultureInfo.InvariantCulture), "up"],
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds <c>PREFIX dev NAME</c>; fails when the route exists already (another owner).</summary>
    public async Task AddRouteAsync(string name, IpPrefix prefix, CancellationToken cancellationToken)
    {
        string family = prefix.Family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "-6" : "-4";
        await RunAsync([family, "route", "add", prefix.ToString(), "dev", name], cancellationToken).ConfigureAwait(false);
        _routes.Add(prefix);
    }

    /// <summary>Removes the routes this instance added; returns the errors (never throws).</summary>
    public async Task<IReadOnlyList<string>> RemoveRoutesAsync(string name)
    {
        List<string> errors = [];
        for (int i = _routes.Count - 1; i >= 0; i--)
        {
            IpPrefix prefix = _routes[i];
            string family = prefix.Family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "-6" : "-4";
            try
            {
                await RunAsync([family, "route", "del", prefix.ToString(), "dev", name], CancellationToken.None).ConfigureAwait(false);
            }
            catch (InvalidOperationException exception)
            {
                errors.Add(exception.Message);
            }
        }
        _routes.Clear();
        return errors;
    }

    private async Task RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        ProcessStartInfo start = new(_ip)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        string commandLine = $"{_ip} {string.Join(' ', arguments)}";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {commandLine}");
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> error = process.StandardError.ReadToEndAsync(cancellationToken);
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_commandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new InvalidOperationException($"`{commandLine}` did not finish in {s_commandTimeout.TotalSeconds} s.");
        }
        string message = (await error.ConfigureAwait(false)).Trim();
        _ = await output.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{commandLine}` failed ({process.ExitCode}): {message}");
        }
    }

    private static string FindIp()
    {
        foreach (string folder in new[] { "/usr/sbin", "/sbin", "/usr/bin", "/bin" })
        {
            string candidate = Path.Combine(folder, "ip");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return "ip";
    }
}
