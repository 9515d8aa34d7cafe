using System.Text.Json.Serialization;

namespace Gate64.Diagnostics;

/// <summary>How one step of <c>gate64 check</c> went.</summary>
internal enum CheckStatus
{
    /// <summary>The step found what ingress needs.</summary>
    [JsonStringEnumMemberName("pass")]
    Pass,

    /// <summary>The step found a problem that breaks ingress.</summary>
    [JsonStringEnumMemberName("fail")]
    Fail,

    /// <summary>Ingress works, but something should be fixed (e.g. the A record or the certificate).</summary>
    [JsonStringEnumMemberName("warn")]
    Warn,

    /// <summary>The step could not run because an earlier one failed.</summary>
    [JsonStringEnumMemberName("skipped")]
    Skipped,
}
