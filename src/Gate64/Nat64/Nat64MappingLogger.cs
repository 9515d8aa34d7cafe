using System.Buffers.Binary;
using System.Net;
using Gate64.Nat64.State;
using Microsoft.Extensions.Logging;

namespace Gate64.Nat64;

/// <summary>The binding log of RFC 6888 REQ-12 as log lines: which client held which pool address and port (no destinations).</summary>
internal sealed partial class Nat64MappingLogger : INat64MappingLog
{
    private readonly ILogger _logger;

    public Nat64MappingLogger(ILogger logger)
    {
        _logger = logger;
    }

    public void BindingCreated(Nat64Protocol protocol, UInt128 client, ushort clientPort, uint poolAddress, ushort poolPort) =>
        LogCreated(_logger, protocol, ToAddress(client), clientPort, ToAddress(poolAddress), poolPort);

    public void BindingRemoved(Nat64Protocol protocol, UInt128 client, ushort clientPort, uint poolAddress, ushort poolPort) =>
        LogRemoved(_logger, protocol, ToAddress(client), clientPort, ToAddress(poolAddress), poolPort);

    private static IPAddress ToAddress(UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    private static IPAddress ToAddress(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    [LoggerMessage(EventId = 420, EventName = "Nat64BindingCreated", Level = LogLevel.Information, Message = "NAT64 binding created: {Protocol} [{Client}]:{ClientPort} -> {PoolAddress}:{PoolPort}")]
    private static partial void LogCreated(ILogger logger, Nat64Protocol protocol, IPAddress client, ushort clientPort, IPAddress poolAddress, ushort poolPort);

    [LoggerMessage(EventId = 421, EventName = "Nat64BindingRemoved", Level = LogLevel.Information, Message = "NAT64 binding removed: {Protocol} [{Client}]:{ClientPort} -> {PoolAddress}:{PoolPort}")]
    private static partial void LogRemoved(ILogger logger, Nat64Protocol protocol, IPAddress client, ushort clientPort, IPAddress poolAddress, ushort poolPort);
}
