using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using Gate64.Ingress;

namespace Gate64.Tests.Ingress;

/// <summary>A refusal sent to a client that has sent more than was read: it must arrive whole, then FIN, not RST.</summary>
public sealed class LingeringCloseTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));
    private readonly byte[] _page = RefusalResponse.HttpPage(IngressRefusal.NoAaaa, "example.org", "the name has no AAAA record");
    private SocketPair _pair = null!;

    private Socket Client => _pair.Client;

    private Socket Proxy => _pair.Server;

    public async Task InitializeAsync() => _pair = await SocketPair.CreateAsync();

    public Task DisposeAsync()
    {
        _pair.Dispose();
        _timeout.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task SendAndCloseAsync_ClientSentUnreadBytes_ReceivesTheWholePageThenAnOrderlyEnd()
    {
        await Client.SendAsync(RandomNumberGenerator.GetBytes(100 * 1024), SocketFlags.None, _timeout.Token);
        await Task.Delay(50, _timeout.Token);   // let the upload land, unread, in the proxy's receive queue

        Task closing = CloseLikeTheHandlerAsync();
        (byte[] received, SocketError? error) = await SocketReads.ReadToEndAsync(Client, _timeout.Token);

        Assert.Null(error);
        Assert.Equal(_page, received);
        // The client has the page and the FIN; the proxy is still draining, waiting for the client to finish.
        Assert.False(closing.IsCompleted, "the proxy closed before the client was done: with unread input that is a reset");
        Client.Shutdown(SocketShutdown.Send);
        await closing.WaitAsync(TimeSpan.FromSeconds(1), _timeout.Token);
    }

    [Fact]
    public async Task SendAndCloseAsync_ReturnsWithNothingLeftUnread()
    {
        await SocketReads.SendAndShutdownAsync(Client, RandomNumberGenerator.GetBytes(100 * 1024), _timeout.Token);

        await LingeringClose.SendAndCloseAsync(Proxy, _page).AsTask().WaitAsync(TimeSpan.FromSeconds(1), _timeout.Token);

        // Nothing unread: closing now sends FIN, not RST.
        Assert.Equal(0, Proxy.Available);
        Proxy.Close();
        (byte[] received, SocketError? error) = await SocketReads.ReadToEndAsync(Client, _timeout.Token);
        Assert.Null(error);
        Assert.Equal(_page, received);
    }

    [Fact]
    public async Task SendAndCloseAsync_ClientNeverCloses_GivesUpAfterTheDrainTime()
    {
        Stopwatch stopwatch = Stopwatch.StartNew();

        // The drain time is 2 s; the upper bound leaves room for a loaded CI machine (it once took over 4 s).
        await LingeringClose.SendAndCloseAsync(Proxy, _page).AsTask().WaitAsync(TimeSpan.FromSeconds(15), _timeout.Token);

        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(15));
        Assert.Equal(_page, await SocketReads.ReadExactlyAsync(Client, _page.Length, _timeout.Token));
    }

    [Fact]
    public async Task SendAndCloseAsync_ClientKeepsSending_GivesUpAfterTheDrainLimit()
    {
        using CancellationTokenSource stopSending = CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token);
        Task flood = FloodAsync(stopSending.Token);
        Stopwatch stopwatch = Stopwatch.StartNew();

        await LingeringClose.SendAndCloseAsync(Proxy, _page).AsTask().WaitAsync(TimeSpan.FromSeconds(4), _timeout.Token);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1.5), $"took {stopwatch.ElapsedMilliseconds} ms: the drain did not stop at its byte limit");
        await stopSending.CancelAsync();
        await flood;
    }

    private async Task CloseLikeTheHandlerAsync()
    {
        await LingeringClose.SendAndCloseAsync(Proxy, _page);
        Proxy.Close();
    }

    private async Task FloodAsync(CancellationToken cancellationToken)
    {
        byte[] chunk = new byte[16 * 1024];
        try
        {
            while (true)
            {
                await Client.SendAsync(chunk, SocketFlags.None, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            // stopped, or the proxy closed
        }
    }
}
