using System.Diagnostics;
using System.Net;
using Xunit;

namespace Gate64.Testing;

/// <summary>
/// Waits until a DNS server started as a child process answers a probe query over UDP and over TCP
/// (any response code counts), or fails the test with its output when it exits or the time runs out.
/// </summary>
public static class DnsReadiness
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Probes with dig from <c>networkNamespace</c> (where the server listens), or from this host's namespace when null.</summary>
    public static async Task WaitAsync(
        ChildProcess server,
        IPEndPoint endPoint,
        string probeName,
        string probeType,
        TimeSpan timeout,
        NetworkNamespace? networkNamespace = null)
    {
        Dig dig = new(endPoint, networkNamespace);
        Stopwatch elapsed = Stopwatch.StartNew();
        bool udpAnswered = false;
        DigResult? last = null;
        while (true)
        {
            if (server.HasExited)
            {
                // Let the output drain so that the message shows why it stopped.
                await server.WaitForExitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                Assert.Fail($"DNS server on {endPoint} exited before it answered: {server.Describe()}");
            }

            DigOptions options = new() { UseTcp = udpAnswered, TimeoutSeconds = 1, Tries = 1 };
            last = await dig.QueryAsync(probeName, probeType, options).ConfigureAwait(false);
            if (last.Answered)
            {
                if (udpAnswered)
                {
                    return;
                }

                udpAnswered = true;
                continue;
            }

            if (elapsed.Elapsed > timeout)
            {
                string transport = udpAnswered ? "TCP" : "UDP";
                Assert.Fail(
                    $"DNS server on {endPoint} did not answer {probeName} {probeType} over {transport} within " +
                    $"{timeout.TotalSeconds:0.#} s.\nLast probe: {last}\nServer: {server.Describe()}");
            }

            await Task.Delay(s_pollInterval).ConfigureAwait(false);
        }
    }
}
