using System.Runtime.InteropServices;

namespace Gate64.Platform;

/// <summary>One descriptor of a <see cref="LinuxTunDevice"/>.</summary>
/// <remarks>
/// Interrupt moderation, as a NIC does it: when the last wakeup found a busy queue (<see cref="BusyBatch"/> packets or
/// more, until it was empty), the next blocking read first waits <see cref="ModerationDelay"/> for more to gather. Under load this turns a
/// wakeup per packet or two, which the sending thread pays for (the kernel wakes the reader from inside its send),
/// into one per batch; a quiet queue never waits, so light traffic gets no added latency. The kernel queue
/// (<c>txqueuelen</c>) holds what arrives meanwhile.
/// </remarks>
internal sealed class LinuxTunQueue : ITunQueue, INonBlockingTunReader
{
    /// <summary>Packets taken in one wakeup from which the queue counts as busy.</summary>
    internal const int BusyBatch = 8;

    /// <summary>How long a read after a busy wakeup lets packets gather: 50 µs is 10 packets at 200,000/s.</summary>
    internal static readonly TimeSpan ModerationDelay = TimeSpan.FromMicroseconds(50);

    private readonly int _fd;
    private readonly int _stopFd;

    /// <summary>Packets read since the last blocking <see cref="Read"/>.</summary>
    private int _batch;

    /// <summary>The last <see cref="TryRead"/> found the queue empty (rather than the caller stopping at its batch limit, with more waiting).</summary>
    private bool _drained;

    public LinuxTunQueue(int fd, int stopFd)
    {
        _fd = fd;
        _stopFd = stopFd;
    }

    private volatile bool _stopping;

    /// <summary>The queue's file descriptor (device-wide ioctls go through any queue).</summary>
    public int Descriptor => _fd;

    /// <summary>Makes reads return 0 from now on (the device then wakes blocked readers).</summary>
    public void RequestStop() => _stopping = true;

    public unsafe int Read(Span<byte> buffer)
    {
        if (_batch >= BusyBatch && _drained)
        {
            LibC.Sleep(ModerationDelay);
        }
        _batch = 0;
        _drained = false;
        PollFd* fds = stackalloc PollFd[2];
        fixed (byte* pointer = buffer)
        {
            while (!_stopping)
            {
                nint read = LibC.Read(_fd, pointer, (nuint)buffer.Length);
                if (read > 0)
                {
                    _batch = 1;
                    return (int)read;
                }
                int errno = read < 0 ? Marshal.GetLastPInvokeError() : LibC.EAgain;
                if (errno == LibC.EIntr)
                {
                    continue;
                }
                if (errno != LibC.EAgain)
                {
                    throw new IOException($"reading the TUN device failed: {LibC.Describe(errno)}");
                }
                fds[0] = new PollFd { Fd = _fd, Events = LibC.PollIn };
                fds[1] = new PollFd { Fd = _stopFd, Events = LibC.PollIn };
                if (LibC.Poll(fds, 2, -1) < 0 && Marshal.GetLastPInvokeError() != LibC.EIntr)
                {
                    throw new IOException($"poll on the TUN device failed: {LibC.Describe(Marshal.GetLastPInvokeError())}");
                }
                if ((fds[1].ReturnedEvents & LibC.PollIn) != 0)
                {
                    return 0;
                }
            }
        }
        return 0;
    }

    public unsafe int TryRead(Span<byte> buffer)
    {
        fixed (byte* pointer = buffer)
        {
            while (!_stopping)
            {
                nint read = LibC.Read(_fd, pointer, (nuint)buffer.Length);
                if (read > 0)
                {
                    _batch++;
                    return (int)read;
                }
                int errno = read < 0 ? Marshal.GetLastPInvokeError() : LibC.EAgain;
                if (errno != LibC.EIntr)
                {
                    _drained = true;
                    return 0;   // EAGAIN, or an error the blocking Read will report
                }
            }
        }
        return 0;
    }

    public unsafe bool Write(ReadOnlySpan<byte> packet)
    {
        fixed (byte* pointer = packet)
        {
            while (true)
            {
                nint written = LibC.Write(_fd, pointer, (nuint)packet.Length);
                if (written >= 0)
                {
                    return written == packet.Length;
                }
                if (Marshal.GetLastPInvokeError() != LibC.EIntr)
                {
                    return false;
                }
            }
        }
    }

    public void Close() => LibC.Close(_fd);
}
