using System.Net.Sockets;
using Gate64.Platform;
using Gate64.Tests.Ingress;
using Gate64.Testing;

namespace Gate64.Tests.Platform;

/// <summary>TCP_INFO read from real loopback connections (Linux, where the suite runs).</summary>
public sealed class TcpSendProgressTests
{
    [Fact]
    public async Task TryRead_PeerTookEverything_CountsTheBytesAndNothingQueued()
    {
        using SocketPair pair = await SocketPair.CreateAsync();
        byte[] data = new byte[100_000];

        await pair.Client.SendAsync(data, SocketFlags.None);
        int read = 0;
        byte[] buffer = new byte[65536];
        while (read < data.Length)
        {
            read += await pair.Server.ReceiveAsync(buffer, SocketFlags.None);
        }
        TcpSendProgress progress = await EventuallyAsync(pair.Client, p => !p.Queued);

        Assert.Equal((ulong)data.Length + 1, progress.BytesAcknowledged);   // the SYN counts as one
    }

    [Fact]
    public async Task TryRead_PeerReadsNothing_ReportsBytesQueued()
    {
        using SocketPair pair = await SocketPair.CreateAsync();
        pair.Server.ReceiveBufferSize = 4096;
        pair.Client.Blocking = false;
        byte[] chunk = new byte[65536];
        long sent = 0;
        while (pair.Client.Send(chunk, 0, chunk.Length, SocketFlags.None, out SocketError error) is var n && error == SocketError.Success)
        {
            sent += n;
        }

        Assert.True(TcpSendProgress.TryRead(pair.Client, out TcpSendProgress progress));
        Assert.True(progress.Queued, $"{sent} bytes sent to a peer that reads nothing, and nothing queued");
        Assert.True(progress.BytesAcknowledged < (ulong)sent, $"{progress.BytesAcknowledged} of {sent} bytes acknowledged by a peer that reads nothing");
    }

    [Fact]
    public async Task TryRead_ClosedSocket_ReportsNothing()
    {
        using SocketPair pair = await SocketPair.CreateAsync();
        pair.Client.Dispose();

        Assert.False(TcpSendProgress.TryRead(pair.Client, out _));
    }

    private static async Task<TcpSendProgress> EventuallyAsync(Socket socket, Func<TcpSendProgress, bool> condition)
    {
        using CancellationTokenSource timeout = new(TestTimeouts.Prompt);
        while (true)
        {
            Assert.True(TcpSendProgress.TryRead(socket, out TcpSendProgress progress));
            if (condition(progress))
            {
                return progress;
            }
            await Task.Delay(10, timeout.Token);
        }
    }
}
