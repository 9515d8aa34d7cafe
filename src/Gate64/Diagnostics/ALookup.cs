using System.Net;

namespace Gate64.Diagnostics;

/// <summary>What asking for a name's A records found.</summary>
/// <param name="Addresses">The IPv4 addresses in the answer (after any CNAME chain).</param>
/// <param name="NxDomain">True when the name does not exist.</param>
/// <param name="Error">Why there is no answer, in plain words; null when there is one.</param>
internal sealed record ALookup(IReadOnlyList<IPAddress> Addresses, bool NxDomain, string? Error);
