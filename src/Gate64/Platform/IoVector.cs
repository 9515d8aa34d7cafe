using System.Runtime.InteropServices;

namespace Gate64.Platform;

/// <summary>Linux <c>struct iovec</c> for <see cref="UdpSegmentIo"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoVector
{
    public byte* Base;
    public nuint Length;
}
