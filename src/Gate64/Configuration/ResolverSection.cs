using System.Net;
using Gate64.Resolver;

namespace Gate64.Configuration;

/// <summary><c>[resolver]</c>: the recursive resolvers that DNS64 forwards to and that the ingress asks for AAAA records.</summary>
internal static class ResolverSection
{
    public const string Name = "resolver";

    public static readonly string[] Keys = ["upstream", "cache-mb"];

    public static Action<DnsResolverOptions> Read(TomlSection section)
    {
        IPEndPoint[] upstreams = [.. section.List<IPEndPoint>("upstream", ConfigValues.Endpoint) ?? []];
        long cacheMegabytes = section.Integer("cache-mb", 1, 65536) ?? 64;
        section.RejectUnknownKeys();
        if (upstreams.Length == 0 && !section.Errors.HasErrorAt(section.KeyPath("upstream")))
        {
            section.Error("upstream", "at least one upstream resolver ADDR:PORT is required.");
        }
        return options =>
        {
            options.Upstreams.AddRange(upstreams);
            options.CacheBytes = cacheMegabytes * 1024 * 1024;
        };
    }
}
