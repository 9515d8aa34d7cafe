using Gate64.Nat64;
using Gate64.Protocols.Ip;

namespace Gate64.Configuration;

/// <summary><c>[nat64]</c>: the keys of <c>gate64 nat64</c>.</summary>
internal static class Nat64Section
{
    public const string Name = "nat64";

    public static readonly string[] Keys =
    [
        "tun", "prefix", "pool4", "allow", "no-routes", "queues", "mtu", "tun-queue-length", "quota",
        "address-dependent-filtering", "log-mappings", "offload",
    ];

    /// <param name="section">The table.</param>
    /// <param name="prefix">The NAT64 prefix, which DNS64 and the ingress default to.</param>
    public static Action<Nat64Options> Read(TomlSection section, out Nat64Prefix prefix)
    {
        Nat64Options defaults = new();
        string tun = section.String("tun") ?? "";
        Nat64Prefix nat64Prefix = section.StructValue<Nat64Prefix>("prefix", ConfigValues.Nat64Prefix) ?? defaults.Prefix;
        IpPrefix? pool4 = section.StructValue<IpPrefix>("pool4", ConfigValues.Prefix);
        IpPrefix[] allow = [.. section.List<IpPrefix>("allow", ConfigValues.Prefix) ?? []];
        bool noRoutes = section.Boolean("no-routes") ?? false;
        int queues = (int)(section.Integer("queues", 1, 64) ?? defaults.Queues);
        int mtu = (int)(section.Integer("mtu", 1280, 65535) ?? defaults.Mtu);
        int tunQueueLength = (int)(section.Integer("tun-queue-length", Nat64Options.MinimumTunQueueLength, Nat64Options.MaximumTunQueueLength) ?? defaults.TunQueueLength);
        int quota = (int)(section.Integer("quota", 1, 1_000_000) ?? defaults.PortQuotaPerClient);
        bool addressDependentFiltering = section.Boolean("address-dependent-filtering") ?? false;
        bool logMappings = section.Boolean("log-mappings") ?? false;
        Nat64Offload offload = section.StructValue<Nat64Offload>("offload", ConfigValues.Offload) ?? defaults.Offload;
        section.RejectUnknownKeys();
        prefix = nat64Prefix;

        void Populate(Nat64Options options)
        {
            options.Tun = tun;
            options.Prefix = nat64Prefix;
            options.Pool4 = pool4;
            options.Allow.AddRange(allow);
            options.NoRoutes = noRoutes;
            options.Queues = queues;
            options.Mtu = mtu;
            options.TunQueueLength = tunQueueLength;
            options.PortQuotaPerClient = quota;
            options.AddressDependentFiltering = addressDependentFiltering;
            options.LogMappings = logMappings;
            options.Offload = offload;
        }

        Nat64Options check = new();
        Populate(check);
        ValidationReport.Add(section, Name, check.Validate());
        return Populate;
    }
}
