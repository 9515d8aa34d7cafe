using System.Buffers.Binary;

namespace Gate64.Protocols.Bgp;

/// <summary>Collects capabilities from one or more capability parameters (RFC 5492 allows several).</summary>
internal sealed class BgpCapabilityReader
{
    private readonly List<BgpAddressFamily> _families = [];
    private readonly List<byte> _unrecognized = [];
    private bool _routeRefresh;
    private bool _enhancedRouteRefresh;
    private uint? _fourOctetAs;
    private BgpGracefulRestart? _gracefulRestart;

    /// <summary>Reads the capabilities in one parameter value; false when one is malformed.</summary>
    public bool TryAdd(ReadOnlySpan<byte> value)
    {
        while (!value.IsEmpty)
        {
            if (value.Length < 2 || value.Length - 2 < value[1])
            {
                return false;
            }

            byte code = value[0];
            ReadOnlySpan<byte> data = value.Slice(2, value[1]);
            value = value[(2 + data.Length)..];
            switch (code)
            {
                case BgpCapabilityCode.Multiprotocol:
                    if (data.Length != 4)
                    {
                        return false;
                    }

                    BgpAddressFamily family = new(BinaryPrimitives.ReadUInt16BigEndian(data), data[3]);
                    if (!_families.Contains(family))
                    {
                        _families.Add(family);
                    }

                    break;
                case BgpCapabilityCode.RouteRefresh or BgpCapabilityCode.RouteRefreshCisco:
                    _routeRefresh = true;
                    break;
                case BgpCapabilityCode.EnhancedRouteRefresh:
                    _enhancedRouteRefresh = true;
                    break;
                case BgpCapabilityCode.FourOctetAs:
                    if (data.Length != 4)
                    {
                        return false;
                    }

                    _fourOctetAs ??= BinaryPrimitives.ReadUInt32BigEndian(data);
                    break;
                case BgpCapabilityCode.GracefulRestart when data.Length >= 2 && (data.Length - 2) % 4 == 0:
                    _gracefulRestart ??= ReadGracefulRestart(data);
                    break;
                default:
                    // Unknown capabilities are ignored (RFC 5492 §3); so is a graceful restart
                    // capability of the wrong length, rather than refusing the peer over it.
                    _unrecognized.Add(code);
                    break;
            }
        }

        return true;
    }

    public BgpCapabilities ToCapabilities() => new()
    {
        Families = _families.ToArray(),
        RouteRefresh = _routeRefresh,
        EnhancedRouteRefresh = _enhancedRouteRefresh,
        FourOctetAs = _fourOctetAs,
        GracefulRestart = _gracefulRestart,
        Unrecognized = _unrecognized.ToArray(),
    };

    private static BgpGracefulRestart ReadGracefulRestart(ReadOnlySpan<byte> data)
    {
        ushort flagsAndTime = BinaryPrimitives.ReadUInt16BigEndian(data);
        BgpGracefulRestartFamily[] families = new BgpGracefulRestartFamily[(data.Length - 2) / 4];
        for (int i = 0; i < families.Length; i++)
        {
            ReadOnlySpan<byte> entry = data.Slice(2 + (i * 4), 4);
            families[i] = new BgpGracefulRestartFamily(
                new BgpAddressFamily(BinaryPrimitives.ReadUInt16BigEndian(entry), entry[2]),
                (entry[3] & BgpOpenCodec.ForwardingPreservedFlag) != 0);
        }

        return new BgpGracefulRestart((flagsAndTime & BgpOpenCodec.RestartFlagRestarted) != 0, (ushort)(flagsAndTime & BgpOpenCodec.RestartTimeMask), families);
    }
}
