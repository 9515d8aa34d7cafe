namespace Gate64.Platform.Netlink;

/// <summary>The rtnetlink numbers used here (include/uapi/linux/netlink.h and rtnetlink.h).</summary>
internal static class NetlinkConstants
{
    public const int AfNetlink = 16;
    public const int AfInet = 2;
    public const int AfInet6 = 10;
    public const int SockRaw = 3;
    public const int SockCloExec = 0x80000;
    public const int NetlinkRoute = 0;

    public const int SolSocket = 1;
    public const int SoRcvBuf = 8;
    public const int SoRcvBufForce = 33;
    public const int SolNetlink = 270;
    public const int NetlinkGetStrictChk = 12;

    public const int MsgDontWait = 0x40;
    public const int MsgTrunc = 0x20;
    public const int ENoBufs = 105;
    public const int CloneNewNet = 0x40000000;

    public const uint GroupLink = 0x1;
    public const uint GroupIpv4Route = 0x40;
    public const uint GroupIpv6Route = 0x400;

    public const ushort MessageError = 2;
    public const ushort MessageDone = 3;
    public const ushort MessageOverrun = 4;
    public const ushort NewLink = 16;
    public const ushort DeleteLink = 17;
    public const ushort NewRoute = 24;
    public const ushort DeleteRoute = 25;
    public const ushort GetRoute = 26;

    public const ushort FlagRequest = 0x1;
    public const ushort FlagMulti = 0x2;
    public const ushort FlagDumpInterrupted = 0x10;
    public const ushort FlagDump = 0x300;

    public const ushort AttributeDestination = 1;
    public const ushort AttributeTable = 15;

    public const byte RouteTypeUnicast = 1;
    public const byte TableMain = 254;

    /// <summary>nlmsghdr: length, type, flags, sequence, port id.</summary>
    public const int HeaderLength = 16;

    /// <summary>struct rtmsg.</summary>
    public const int RouteMessageLength = 12;

    /// <summary>struct rtattr: length, type.</summary>
    public const int AttributeHeaderLength = 4;

    /// <summary>NLMSG_ALIGN / RTA_ALIGN.</summary>
    public static int Align(int length) => (length + 3) & ~3;
}
