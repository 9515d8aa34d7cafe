using System.Text.Json.Serialization;

namespace Gate64.Diagnostics;

/// <summary>The overall answer of <c>gate64 check</c>; the value is the process exit code.</summary>
internal enum IngressVerdict
{
    /// <summary>Every step passed (or was not needed).</summary>
    [JsonStringEnumMemberName("works")]
    Works = 0,

    /// <summary>At least one step failed: visitors over IPv4 will not reach the site through the gateway.</summary>
    [JsonStringEnumMemberName("broken")]
    Broken = 1,

    /// <summary>Ingress works, but at least one step warned.</summary>
    [JsonStringEnumMemberName("works-with-warnings")]
    WorksWithWarnings = 3,
}
