using System.Runtime.InteropServices;

namespace Gate64.Platform;

/// <summary>Linux <c>struct msghdr</c> (LP64: x86-64, arm64) for <see cref="UdpSegmentIo"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MessageHeader
{
    public byte* Name;
    public uint NameLength;
    public IoVector* Vectors;
    public nuint VectorCount;
    public byte* Control;
    public nuint ControlLength;
    public int Flags;
}
