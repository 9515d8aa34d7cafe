using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Gate64.Testing;

/// <summary>
/// A Linux network namespace made for one test run (<c>ip netns add g64t-TAG-ROLE</c>) with
/// <c>lo</c> up and nothing else: no interface of the host, no route out. Programs run inside it
/// through <c>ip netns exec</c>. Disposing kills every process started in it (by PID, then what
/// <c>ip netns pids</c> still lists, all of them ours since the namespace is) and deletes it by name.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    /// <summary>Every namespace and interface the harness creates starts with this.</summary>
    public const string NamePrefix = "g64t-";

    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_killWait = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly List<ChildProcess> _processes = [];
    private readonly string _ip;
    private int _disposed;

    private NetworkNamespace(string name, string ip)
    {
        Name = name;
        _ip = ip;
    }

    public string Name { get; }

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>A fresh random tag (6 hex digits) for names made by the harness.</summary>
    public static string NewTag() => RandomNumberGenerator.GetHexString(6, lowercase: true);

    /// <summary>Creates <c>g64t-TAG-ROLE</c> and brings its <c>lo</c> up.</summary>
    /// <param name="role">A short lowercase word such as <c>client</c>; the tag makes the name unique.</param>
    public static Task<NetworkNamespace> CreateAsync(string role) => CreateAsync(role, NewTag());

    /// <summary>Creates <c>g64t-TAG-ROLE</c>, a tag shared by the namespaces of one topology.</summary>
    public static async Task<NetworkNamespace> CreateAsync(string role, string tag)
    {
        ArgumentException.ThrowIfNullOrEmpty(role);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        if (!role.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)) ||
            !tag.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
        {
            throw new ArgumentException($"role '{role}' and tag '{tag}' must be lowercase letters and digits");
        }

        string ip = RequiredTool.Find("ip");
        string name = $"{NamePrefix}{tag}-{role}";
        ChildProcessResult added = await ChildProcess.RunAsync(ip, ["netns", "add", name], s_commandTimeout).ConfigureAwait(false);
        if (added.ExitCode != 0)
        {
            // Nothing was created (e.g. the name exists already: not ours, leave it alone).
            throw new InvalidOperationException($"cannot create network namespace {name}: {added}");
        }

        NetworkNamespace created = new(name, ip);
        try
        {
            await created.IpAsync("link", "set", "lo", "up").ConfigureAwait(false);
            // Interfaces made later (veth ends) skip duplicate address detection: a link-local
            // address still in DAD holds up neighbour discovery for a second or two, and with it
            // the first packets of a test (seen as backend connect timeouts under load).
            await created.SetSysctlAsync("net.ipv6.conf.default.accept_dad", "0").ConfigureAwait(false);
            await created.SetSysctlAsync("net.ipv6.conf.all.accept_dad", "0").ConfigureAwait(false);
            return created;
        }
        catch
        {
            await created.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The names <c>ip netns list</c> shows.</summary>
    public static async Task<IReadOnlyList<string>> ListAsync()
    {
        ChildProcessResult result = await ChildProcess.RunAsync(RequiredTool.Find("ip"), ["netns", "list"], s_commandTimeout)
            .ConfigureAwait(false);
        EnsureSucceeded(result);
        return result.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2)[0])
            .ToList();
    }

    /// <summary>The <c>(program, arguments)</c> that runs <paramref name="program"/> inside the namespace.</summary>
    public (string FileName, IReadOnlyList<string> Arguments) Wrap(string program, IEnumerable<string> arguments) =>
        (_ip, ["netns", "exec", Name, program, .. arguments]);

    /// <summary>Starts <paramref name="program"/> inside the namespace; it is killed when the namespace is disposed.</summary>
    public ChildProcess Start(string program, IEnumerable<string> arguments, ChildProcessOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        (string fileName, IReadOnlyList<string> wrapped) = Wrap(program, arguments);
        ChildProcess process = ChildProcess.Start(fileName, wrapped, options);
        lock (_gate)
        {
            _processes.Add(process);
        }

        return process;
    }

    /// <summary>Runs <paramref name="program"/> inside the namespace to completion; killed and <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<ChildProcessResult> RunAsync(
        string program, IEnumerable<string> arguments, TimeSpan timeout, ChildProcessOptions? options = null)
    {
        await using ChildProcess process = Start(program, arguments, options);
        int exitCode = await process.WaitForExitAsync(timeout).ConfigureAwait(false);
        return new ChildProcessResult(process.CommandLine, exitCode, process.StandardOutput, process.StandardError);
    }

    /// <summary>Runs <c>ip -n NAME ARGS…</c>; throws with the output when it fails.</summary>
    public async Task<string> IpAsync(params string[] arguments)
    {
        ChildProcessResult result = await ChildProcess.RunAsync(_ip, ["-n", Name, .. arguments], s_commandTimeout)
            .ConfigureAwait(false);
        EnsureSucceeded(result);
        return result.StandardOutput;
    }

    /// <summary>Runs <c>ip -n NAME ARGS…</c> and returns whatever came of it.</summary>
    public Task<ChildProcessResult> TryIpAsync(params string[] arguments) =>
        ChildProcess.RunAsync(_ip, ["-n", Name, .. arguments], s_commandTimeout);

    /// <summary>Sets a sysctl of this namespace (<c>net.*</c> keys are per namespace).</summary>
    public async Task SetSysctlAsync(string key, string value)
    {
        ChildProcessResult result = await RunAsync(RequiredTool.Find("sysctl"), ["-q", "-w", $"{key}={value}"], s_commandTimeout)
            .ConfigureAwait(false);
        EnsureSucceeded(result);
    }

    /// <summary>Reads a sysctl of this namespace.</summary>
    public async Task<string> GetSysctlAsync(string key)
    {
        ChildProcessResult result = await RunAsync(RequiredTool.Find("sysctl"), ["-n", key], s_commandTimeout).ConfigureAwait(false);
        EnsureSucceeded(result);
        return result.StandardOutput.Trim();
    }

    /// <summary>The processes living in the namespace (<c>ip netns pids</c>).</summary>
    public async Task<IReadOnlyList<int>> ProcessIdsAsync()
    {
        ChildProcessResult result = await ChildProcess.RunAsync(_ip, ["netns", "pids", Name], s_commandTimeout).ConfigureAwait(false);
        EnsureSucceeded(result);
        return result.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pid => int.Parse(pid, CultureInfo.InvariantCulture))
            .ToList();
    }

    /// <summary>True while <c>ip netns list</c> shows the namespace.</summary>
    public async Task<bool> ExistsAsync() => (await ListAsync().ConfigureAwait(false)).Contains(Name);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        List<Exception> errors = [];
        ChildProcess[] processes;
        lock (_gate)
        {
            processes = [.. _processes];
            _processes.Clear();
        }

        foreach (ChildProcess process in processes)
        {
            try
            {
                await process.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or Win32Exception)
            {
                errors.Add(e);
            }
        }

        try
        {
            await KillRemainingAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            errors.Add(e);
        }

        // Deleting removes the name; the kernel frees the namespace and its veths once nothing holds it.
        ChildProcessResult deleted = await ChildProcess.RunAsync(_ip, ["netns", "del", Name], s_commandTimeout).ConfigureAwait(false);
        if (deleted.ExitCode != 0)
        {
            errors.Add(new InvalidOperationException($"cannot delete network namespace {Name}: {deleted}"));
        }

        if (errors.Count > 0)
        {
            throw new AggregateException($"cleaning up network namespace {Name} failed", errors);
        }
    }

    public override string ToString() => Name;

    private static void EnsureSucceeded(ChildProcessResult result)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"command failed: {result}");
        }
    }

    /// <summary>Kills, by PID, whatever still runs in the namespace (e.g. a daemon a child forked), and waits until it is gone.</summary>
    private async Task KillRemainingAsync()
    {
        Stopwatch elapsed = Stopwatch.StartNew();
        while (true)
        {
            IReadOnlyList<int> remaining = await ProcessIdsAsync().ConfigureAwait(false);
            if (remaining.Count == 0)
            {
                return;
            }

            if (elapsed.Elapsed > s_killWait)
            {
                throw new TimeoutException($"processes {string.Join(", ", remaining)} are still in {Name} after SIGKILL");
            }

            foreach (int pid in remaining)
            {
                KillProcess(pid);
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    private static void KillProcess(int pid)
    {
        try
        {
            using Process process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: false);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
        catch (Win32Exception)
        {
            // Exited meanwhile.
        }
    }
}
