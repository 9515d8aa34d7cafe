using Gate64.Protocols.Ip;

namespace Gate64.Ingress;

/// <summary>A provider prefix that backends may live in, and how its backends see the client.</summary>
public readonly record struct PermittedPrefix(IpPrefix Prefix, ClientAddressMode Mode)
{
    public override string ToString() => Mode == ClientAddressMode.None ? Prefix.ToString() : $"{Prefix}={ModeText(Mode)}";

    public static string ModeText(ClientAddressMode mode) => mode switch
    {
        ClientAddressMode.ProxyV1 => "proxy-v1",
        ClientAddressMode.ProxyV2 => "proxy-v2",
        ClientAddressMode.Nat46 => "nat46",
        _ => "none",
    };

    public static bool TryParseMode(string text, out ClientAddressMode mode)
    {
        mode = text switch
        {
            "none" => ClientAddressMode.None,
            "proxy-v1" or "v1" => ClientAddressMode.ProxyV1,
            "proxy-v2" or "v2" => ClientAddressMode.ProxyV2,
            "nat46" => ClientAddressMode.Nat46,
            _ => (ClientAddressMode)(-1),
        };
        return Enum.IsDefined(mode);
    }
}
