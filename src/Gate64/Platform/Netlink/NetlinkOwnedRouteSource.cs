using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Gate64.Links;
using Gate64.Protocols.Ip;

namespace Gate64.Platform.Netlink;

/// <summary>
/// <see cref="IOwnedRouteSource"/> on Linux: follows the kernel's routing table over rtnetlink (see
/// <see cref="NetlinkRouteWatcher"/>). Each enumeration opens its own socket on its own thread; the thread ends when
/// the enumeration does.
/// </summary>
internal sealed class NetlinkOwnedRouteSource : IOwnedRouteSource
{
    /// <summary>How long notifications are let settle before the table is dumped again.</summary>
    public static TimeSpan DefaultSettle { get; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The least time between two published sets.</summary>
    public static TimeSpan DefaultPublishInterval { get; } = TimeSpan.FromMilliseconds(150);

    private static readonly TimeSpan s_stopWait = TimeSpan.FromSeconds(5);

    private readonly string? _namespacePath;
    private readonly byte _protocol;

    /// <param name="networkNamespace">
    /// Null for the namespace of this process; else a name from <c>ip netns</c> (looked up in <c>/var/run/netns</c>)
    /// or a path to a namespace file such as <c>/proc/PID/ns/net</c>.
    /// </param>
    /// <param name="protocol">The route protocol number of owned routes.</param>
    public NetlinkOwnedRouteSource(string? networkNamespace = null, byte protocol = OwnedRoutes.ProtocolNumber)
    {
        _namespacePath = networkNamespace is null || networkNamespace.Contains('/', StringComparison.Ordinal)
            ? networkNamespace
            : Path.Combine("/var/run/netns", networkNamespace);
        _protocol = protocol;
    }

    public async IAsyncEnumerable<IReadOnlySet<IpPrefix>> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Only the latest set matters: a slow reader skips the ones it had no time for.
        Channel<IReadOnlySet<IpPrefix>> channel = Channel.CreateBounded<IReadOnlySet<IpPrefix>>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });
        NetlinkRouteWatcher watcher = new(_namespacePath, _protocol, DefaultSettle, DefaultPublishInterval, channel.Writer);
        Thread thread = new(watcher.Run) { IsBackground = true, Name = "gate64 route watcher" };
        thread.Start();
        try
        {
            using CancellationTokenRegistration registration = cancellationToken.Register(watcher.Stop);
            while (await WaitQuietlyAsync(channel.Reader, cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out IReadOnlySet<IpPrefix>? routes))
                {
                    yield return routes;
                }
            }
        }
        finally
        {
            watcher.Stop();
            if (thread.Join(s_stopWait))
            {
                watcher.Close();
            }
        }
    }

    /// <summary>False when the channel completed or the caller cancelled; the watcher's error when it failed.</summary>
    private static async ValueTask<bool> WaitQuietlyAsync(ChannelReader<IReadOnlySet<IpPrefix>> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
