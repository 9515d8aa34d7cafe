using System.Collections.Frozen;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Gate64.Protocols.Ip;

namespace Gate64.Platform.Netlink;

/// <summary>
/// The loop behind <see cref="NetlinkOwnedRouteSource"/>, run on a thread of its own and blocked in poll(2) on the
/// netlink socket and a stop eventfd (no busy loop, no polling of <c>ip</c>).
/// <code>
///  notification (owned route, link, overrun, anything unparsable)
///      └─ settle 50 ms ─ dump IPv4, then IPv6 (kernel-filtered: main table, owned protocol, unicast)
///                            └─ set changed? ─ publish, at most one set per 150 ms
/// </code>
/// Notifications only say "look again": the set always comes from a dump, never from applying notifications one
/// by one. That is what makes it right in the cases where notifications are silent or ambiguous: the kernel
/// deletes IPv4 routes through a deleted or downed interface without RTM_DELROUTE (hence the link events), replaced
/// and multipath routes have no simple identity, and an overrun (ENOBUFS) loses notifications. A dump interrupted
/// by a change (NLM_F_DUMP_INTR) is repeated.
/// </summary>
internal sealed class NetlinkRouteWatcher
{
    private const int BufferBytes = 64 * 1024;
    private const int MaxConsecutiveDumpFailures = 10;
    private const int EInval = 22;

    private static readonly byte[] s_families = [NetlinkConstants.AfInet, NetlinkConstants.AfInet6];

    private readonly string? _namespacePath;
    private readonly byte _protocol;
    private readonly long _settleMilliseconds;
    private readonly long _publishIntervalMilliseconds;
    private readonly ChannelWriter<IReadOnlySet<IpPrefix>> _writer;
    private readonly int _stopFd;
    private readonly Lock _gate = new();
    private bool _closed;
    private bool _filteredDumps = true;

    public NetlinkRouteWatcher(string? namespacePath, byte protocol, TimeSpan settle, TimeSpan publishInterval, ChannelWriter<IReadOnlySet<IpPrefix>> writer)
    {
        _namespacePath = namespacePath;
        _protocol = protocol;
        _settleMilliseconds = (long)settle.TotalMilliseconds;
        _publishIntervalMilliseconds = (long)publishInterval.TotalMilliseconds;
        _writer = writer;
        _stopFd = LibC.EventFd(0, LibC.EfdCloExec | LibC.EfdNonBlock);
        if (_stopFd < 0)
        {
            throw new IOException($"cannot create an eventfd: {LibC.Describe(Marshal.GetLastPInvokeError())}");
        }
    }

    /// <summary>Wakes the loop and makes it end; safe to call more than once, from any thread, and after <see cref="Close"/>.</summary>
    public unsafe void Stop()
    {
        lock (_gate)
        {
            if (!_closed)
            {
                ulong one = 1;
                LibC.Write(_stopFd, (byte*)&one, sizeof(ulong));
            }
        }
    }

    /// <summary>Closes the stop eventfd; call it once the thread has ended (a later <see cref="Stop"/> must not write to a reused descriptor).</summary>
    public void Close()
    {
        lock (_gate)
        {
            if (!_closed)
            {
                _closed = true;
                LibC.Close(_stopFd);
            }
        }
    }

    /// <summary>The thread body: runs until <see cref="Stop"/>, then completes the channel (with the error, if one ended it).</summary>
    public void Run()
    {
        try
        {
            Loop();
            _writer.TryComplete();
        }
        catch (Exception exception)
        {
            // A thread of our own: whatever ends it must reach the reader, not take the process down.
            _writer.TryComplete(exception);
        }
    }

    private unsafe void Loop()
    {
        using NetlinkRouteSocket socket = NetlinkRouteSocket.Open(_namespacePath);
        byte[] buffer = new byte[BufferBytes];
        byte[] request = new byte[RouteDumpRequest.Length];
        HashSet<IpPrefix> dumped = [];
        FrozenSet<IpPrefix>? current = null;
        FrozenSet<IpPrefix>? published = null;
        uint sequence = 0;
        uint? dumpSequence = null;
        int familyIndex = 0;
        bool interrupted = false;
        bool lookAgain = false;
        int failures = 0;
        long dumpAt = Now();
        long publishAt = -1;
        long lastPublished = long.MinValue / 2;
        PollFd* fds = stackalloc PollFd[2];

        while (true)
        {
            long now = Now();
            if (dumpSequence is null && dumpAt >= 0 && now >= dumpAt)
            {
                dumped.Clear();
                interrupted = false;
                familyIndex = 0;
                dumpSequence = ++sequence;
                SendDump(socket, request, s_families[0], sequence);
                dumpAt = -1;
            }
            if (publishAt >= 0 && now >= publishAt && current is not null)
            {
                if (published is null || !published.SetEquals(current))
                {
                    _writer.TryWrite(current);
                    published = current;
                    lastPublished = now;
                }
                publishAt = -1;
            }

            long deadline = Earliest(dumpSequence is null ? dumpAt : -1, publishAt);
            int timeout = deadline < 0 ? -1 : (int)Math.Clamp(deadline - now, 0, int.MaxValue);
            fds[0] = new PollFd { Fd = socket.Descriptor, Events = LibC.PollIn };
            fds[1] = new PollFd { Fd = _stopFd, Events = LibC.PollIn };
            if (LibC.Poll(fds, 2, timeout) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == LibC.EIntr)
                {
                    continue;
                }
                throw new IOException($"poll on the netlink socket failed: {LibC.Describe(errno)}");
            }
            if ((fds[1].ReturnedEvents & LibC.PollIn) != 0)
            {
                return;
            }
            if ((fds[0].ReturnedEvents & LibC.PollIn) == 0)
            {
                continue;
            }

            int received;
            while ((received = socket.Receive(buffer)) != 0)
            {
                now = Now();
                RouteDatagramEvents events;
                int dumpError = 0;
                if (received < 0 || received > buffer.Length)
                {
                    // Overrun or a datagram larger than the buffer: something was lost.
                    events = RouteDatagramEvents.Malformed;
                }
                else
                {
                    events = RouteDatagram.Interpret(buffer.AsSpan(0, received), socket.PortId, dumpSequence, _protocol, dumped, out dumpError);
                }

                if ((events & (RouteDatagramEvents.OwnedRouteChanged | RouteDatagramEvents.LinkChanged | RouteDatagramEvents.Malformed)) != 0)
                {
                    if (dumpSequence is not null)
                    {
                        lookAgain = true;
                    }
                    else if (dumpAt < 0)
                    {
                        dumpAt = now + _settleMilliseconds;
                    }
                }
                if (dumpSequence is null)
                {
                    continue;
                }
                if ((events & RouteDatagramEvents.DumpInterrupted) != 0)
                {
                    interrupted = true;
                }
                if ((events & RouteDatagramEvents.DumpFailed) != 0)
                {
                    if (dumpError == EInval && _filteredDumps)
                    {
                        // A kernel whose strict checking does not know one of the filter fields: dump everything.
                        _filteredDumps = false;
                    }
                    else if (++failures > MaxConsecutiveDumpFailures)
                    {
                        throw new IOException($"the kernel refused {failures} route dumps in a row: {LibC.Describe(dumpError)}");
                    }
                    dumpSequence = null;
                    dumpAt = now + _settleMilliseconds;
                    continue;
                }
                if ((events & RouteDatagramEvents.DumpDone) == 0)
                {
                    continue;
                }
                if (++familyIndex < s_families.Length)
                {
                    dumpSequence = ++sequence;
                    SendDump(socket, request, s_families[familyIndex], sequence);
                    continue;
                }
                dumpSequence = null;
                failures = 0;
                if (interrupted)
                {
                    dumpAt = now;
                    continue;
                }
                current = dumped.ToFrozenSet();
                if (published is null)
                {
                    publishAt = now;
                }
                else if (!published.SetEquals(current))
                {
                    publishAt = Math.Max(now, lastPublished + _publishIntervalMilliseconds);
                }
                if (lookAgain)
                {
                    lookAgain = false;
                    dumpAt = now + _settleMilliseconds;
                }
            }
        }
    }

    private void SendDump(NetlinkRouteSocket socket, byte[] request, byte family, uint sequence)
    {
        int length = RouteDumpRequest.Write(request, family, sequence, _protocol, _filteredDumps);
        socket.Send(request.AsSpan(0, length));
    }

    private static long Earliest(long first, long second) =>
        first < 0 ? second : second < 0 ? first : Math.Min(first, second);

    private static long Now() => Environment.TickCount64;
}
