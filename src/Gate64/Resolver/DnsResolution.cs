using System.Diagnostics.CodeAnalysis;
using Gate64.Protocols.Dns;

namespace Gate64.Resolver;

/// <summary>The upstream answer to a question (TTLs already reduced by the time it was cached), or why there is none.</summary>
public readonly record struct DnsResolution(DnsMessage? Response, DnsResolutionError Error, bool FromCache)
{
    [MemberNotNullWhen(true, nameof(Response))]
    public bool Succeeded => Response is not null;

    public static DnsResolution Failed(DnsResolutionError error) => new(null, error, false);
}
