using System.Net;
using System.Net.Sockets;
using Gate64.Platform;
using Microsoft.Win32.SafeHandles;

namespace Gate64.Ingress.Quic;

/// <summary>
/// Linux: the one thread of a QUIC listener, relaying both directions of every flow. It waits on one epoll set that
/// holds the listener's socket and each relaying flow's backend socket, and on each wake-up takes one datagram (or one
/// GRO burst) from every ready socket: the set is level-triggered, so what is left is reported again at once, and no
/// flow starves the others.
/// </summary>
/// <remarks>
/// A download relays a burst of the server's datagrams one way and an ACK the other, about as often each. Relaying
/// them on one thread that waits on its own epoll set costs one wake-up per event and no readiness round trip, where a
/// blocking receive thread for the client side and the runtime's socket engine for the backend side cost two threads
/// that wake in turn and two readiness peeks per burst.
/// </remarks>
internal sealed class QuicRelayLoop : IDisposable
{
    /// <summary>Keys below this are the loop's own; flows are watched under larger ones.</summary>
    public const ulong FirstFlowKey = 2;

    private const ulong ListenerKey = 0;
    private const ulong StopKey = 1;
    private const int MaxEvents = 64;
    private const int ReceiveBuffer = 65536;

    private readonly Socket _listener;
    private readonly IQuicRelayHandler _handler;
    private readonly Epoll _epoll;
    private readonly SafeFileHandle _stop;
    private int _stopped;

    public QuicRelayLoop(Socket listener, IQuicRelayHandler handler)
    {
        _listener = listener;
        _handler = handler;
        _epoll = new Epoll();
        int stopFd = LibC.EventFd(0, LibC.EfdCloExec | LibC.EfdNonBlock);
        if (stopFd < 0)
        {
            int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            _epoll.Dispose();
            throw new IOException($"eventfd failed: {LibC.Describe(errno)}");
        }

        _stop = new SafeFileHandle(stopFd, ownsHandle: true);
        try
        {
            _epoll.Add(_stop, Epoll.In, StopKey);
            _epoll.Add(listener.SafeHandle, Epoll.In, ListenerKey);
        }
        catch
        {
            _epoll.Dispose();
            _stop.Dispose();
            throw;
        }
    }

    /// <summary>Runs the loop on a thread of its own until <see cref="Dispose"/>; the task ends with it.</summary>
    public Task RunAsync(string threadName) => DedicatedThread.RunAsync(threadName, () =>
    {
        try
        {
            Run();
        }
        finally
        {
            _epoll.Dispose();
            _stop.Dispose();
        }
    });

    /// <summary>Relays <paramref name="backend"/>'s datagrams from now on, reporting them under <paramref name="key"/> (≥ <see cref="FirstFlowKey"/>).</summary>
    /// <exception cref="ObjectDisposedException">The socket, or the loop, was closed meanwhile.</exception>
    /// <exception cref="System.ComponentModel.Win32Exception">The kernel refused (out of memory, max_user_watches).</exception>
    public void Watch(Socket backend, ulong key) => _epoll.Add(backend.SafeHandle, Epoll.In, key);

    /// <summary>Stops reporting <paramref name="backend"/> (closing it does that too).</summary>
    public void Unwatch(Socket backend) => _epoll.Remove(backend.SafeHandle);

    /// <summary>Asks the loop to end (it closes its descriptors as it does); nothing if it has ended already.</summary>
    public unsafe void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        bool added = false;
        try
        {
            _stop.DangerousAddRef(ref added);
            ulong one = 1;
            _ = LibC.Write((int)_stop.DangerousGetHandle(), (byte*)&one, sizeof(ulong));
        }
        catch (ObjectDisposedException)
        {
            // The loop ended on its own and closed it.
        }
        finally
        {
            if (added)
            {
                _stop.DangerousRelease();
            }
        }
    }

    private void Run()
    {
        byte[] buffer = GC.AllocateUninitializedArray<byte>(ReceiveBuffer, pinned: true);
        byte[] events = new byte[Epoll.BufferSize(MaxEvents)];
        SocketAddress from = new(_listener.AddressFamily);
        while (true)
        {
            int count = _epoll.Wait(events, -1);
            if (count < 0)
            {
                if (count == -LibC.EIntr)
                {
                    continue;
                }

                throw new IOException($"epoll_wait failed: {LibC.Describe(-count)}");
            }

            for (int i = 0; i < count; i++)
            {
                switch (Epoll.KeyAt(events, i))
                {
                    case StopKey:
                        return;
                    case ListenerKey:
                        if (!ReceiveClient(buffer, from))
                        {
                            return;
                        }

                        break;
                    case ulong key:
                        _handler.OnBackendReadable(key);
                        break;
                }
            }
        }
    }

    /// <summary>
    /// Relays one client datagram, if one is waiting. One per wake-up, as for the backend sockets: the set is
    /// level-triggered, so more waiting are reported at once, and the usual single ACK costs no receive that finds
    /// nothing.
    /// </summary>
    /// <returns>False once the listener's socket is closed.</returns>
    private bool ReceiveClient(byte[] buffer, SocketAddress from)
    {
        int received;
        bool truncated;
        try
        {
            received = UdpSegmentIo.ReceiveFrom(_listener, buffer, from, out truncated);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        switch (received)
        {
            case -LibC.EBadF:
                return false;
            case < 0:
                return true;   // nothing after all, or an ICMP error for an earlier datagram to a client
        }

        if (!truncated)   // over 64 KiB: no QUIC datagram
        {
            _handler.OnClientDatagram(buffer.AsSpan(0, received), from);
        }

        return true;
    }
}
