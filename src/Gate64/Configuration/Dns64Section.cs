using System.Net;
using Gate64.Dns64;
using Gate64.Protocols.Ip;

namespace Gate64.Configuration;

/// <summary><c>[dns64]</c>: the keys of <c>gate64 dns64</c>; its upstreams come from <c>[resolver]</c>.</summary>
internal static class Dns64Section
{
    public const string Name = "dns64";

    public static readonly string[] Keys = ["listen", "prefix", "allow", "exclude", "cache-mb"];

    /// <param name="section">The table.</param>
    /// <param name="defaultPrefix">The prefix when none is written: the NAT64's, so that synthesized addresses land where it translates.</param>
    public static Action<Dns64Options> Read(TomlSection section, Nat64Prefix defaultPrefix)
    {
        IPEndPoint[] listen = [.. section.List<IPEndPoint>("listen", ConfigValues.Endpoint) ?? []];
        Nat64Prefix prefix = section.StructValue<Nat64Prefix>("prefix", ConfigValues.Nat64Prefix) ?? defaultPrefix;
        IpPrefix[] allow = [.. section.List<IpPrefix>("allow", ConfigValues.Prefix) ?? []];
        IpPrefix[]? exclude = section.List<IpPrefix>("exclude", ConfigValues.Prefix)?.ToArray();
        long cacheMegabytes = section.Integer("cache-mb", 1, 65536) ?? 64;
        section.RejectUnknownKeys();

        void Populate(Dns64Options options)
        {
            options.Listen.AddRange(listen);
            options.Prefix = prefix;
            options.Allow.AddRange(allow);
            if (exclude is not null)
            {
                options.Exclude.Clear();
                options.Exclude.AddRange(exclude);
            }
            options.ResponseCacheBytes = cacheMegabytes * 1024 * 1024;
        }

        Dns64Options check = new();
        Populate(check);
        ValidationReport.Add(section, Name, check.Validate());
        return Populate;
    }
}
