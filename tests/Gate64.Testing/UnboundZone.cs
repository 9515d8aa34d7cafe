namespace Gate64.Testing;

/// <summary>
/// A zone that <see cref="UnboundServer"/> serves authoritatively (an <c>auth-zone</c> loaded from a
/// zone file): <paramref name="Origin"/> such as <c>test.</c> and the zone-file lines, SOA first,
/// e.g. <c>"v4only 7200 IN A 192.0.2.10"</c>. Unlike <c>local-data</c>, an auth-zone follows CNAMEs
/// inside the zone and puts the SOA in negative answers, as a real authoritative server does.
/// </summary>
public sealed record UnboundZone(string Origin, IReadOnlyList<string> Records)
{
    public string AbsoluteOrigin => Origin.EndsWith('.') ? Origin : Origin + ".";

    /// <summary>The zone file text.</summary>
    public string ToZoneFile() => $"$ORIGIN {AbsoluteOrigin}\n" + string.Concat(Records.Select(r => r + "\n"));
}
