using System.Runtime.InteropServices;

namespace Gate64.Ingress.Quic;

/// <summary>Linux <c>struct iovec</c> for <see cref="QuicSegmentIo"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct QuicIoVector
{
    public byte* Base;
    public nuint Length;
}
