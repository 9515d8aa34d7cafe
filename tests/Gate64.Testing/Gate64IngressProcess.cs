using System.Diagnostics;
using Xunit;

namespace Gate64.Testing;

/// <summary>
/// A running <c>gate64 ingress …</c> inside a namespace (the gateway of an <see cref="IngressTopology"/>),
/// started once every <c>--listen</c> socket is listening (seen with <c>ss</c>, so that no probe
/// connection shows up in its log). Disposing kills it.
/// </summary>
public sealed class Gate64IngressProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);

    private Gate64IngressProcess(ChildProcess process, IReadOnlyList<string> arguments)
    {
        Process = process;
        Arguments = arguments;
    }

    public ChildProcess Process { get; }

    /// <summary>The arguments after <c>gate64</c>.</summary>
    public IReadOnlyList<string> Arguments { get; }

    public static async Task<Gate64IngressProcess> StartAsync(NetworkNamespace networkNamespace, Gate64IngressOptions options)
    {
        Gate64Executable executable = Gate64Executable.Locate();
        string ss = RequiredTool.Find("ss");
        IReadOnlyList<string> arguments = options.ToArguments();
        ChildProcess process = executable.Start(networkNamespace, arguments);
        try
        {
            HashSet<string> expected = [.. options.Listen.Select(listen => listen.Split('=')[0])];
            Stopwatch elapsed = Stopwatch.StartNew();
            while (true)
            {
                if (process.HasExited)
                {
                    await process.WaitForExitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                    Assert.Fail($"gate64 ingress exited before it listened: {process.Describe()}");
                }

                ChildProcessResult listening = await networkNamespace.RunAsync(ss, ["-H", "-l", "-t", "-n"], TimeSpan.FromSeconds(10))
                    .ConfigureAwait(false);
                HashSet<string> local = [.. listening.StandardOutput
                    .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                    .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    .Where(columns => columns.Length >= 4)
                    .Select(columns => columns[3])];
                if (expected.IsSubsetOf(local))
                {
                    return new Gate64IngressProcess(process, arguments);
                }

                if (elapsed.Elapsed > s_startTimeout)
                {
                    Assert.Fail(
                        $"gate64 ingress did not listen on {string.Join(", ", expected.Except(local))} within " +
                        $"{s_startTimeout.TotalSeconds:0} s; listening: {string.Join(", ", local)}\n{process.Describe()}");
                }

                await Task.Delay(100).ConfigureAwait(false);
            }
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The lines gate64 printed on stdout that contain every one of <paramref name="fragments"/> (case-insensitive).</summary>
    public IReadOnlyList<string> LogLines(params string[] fragments) =>
        Process.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => fragments.All(f => line.Contains(f, StringComparison.OrdinalIgnoreCase)))
            .ToList();

    /// <summary>Waits until a stdout line contains every one of <paramref name="fragments"/> (case-insensitive) and returns it.</summary>
    public async Task<string> WaitForLogLineAsync(TimeSpan timeout, params string[] fragments)
    {
        Stopwatch elapsed = Stopwatch.StartNew();
        while (true)
        {
            if (LogLines(fragments) is [.., string last])
            {
                return last;
            }

            if (elapsed.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"gate64 ingress printed no line with all of [{string.Join(", ", fragments)}] within " +
                    $"{timeout.TotalSeconds:0.#} s; {Process.Describe()}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
