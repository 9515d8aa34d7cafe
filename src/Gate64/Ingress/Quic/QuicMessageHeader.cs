using System.Runtime.InteropServices;

namespace Gate64.Ingress.Quic;

/// <summary>Linux <c>struct msghdr</c> (LP64: x86-64, arm64) for <see cref="QuicSegmentIo"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct QuicMessageHeader
{
    public byte* Name;
    public uint NameLength;
    public QuicIoVector* Vectors;
    public nuint VectorCount;
    public byte* Control;
    public nuint ControlLength;
    public int Flags;
}
