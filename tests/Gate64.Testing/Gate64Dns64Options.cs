using System.Net;

namespace Gate64.Testing;

/// <summary>The command line of a <see cref="Gate64Dns64Process"/>.</summary>
public sealed record Gate64Dns64Options
{
    public required IPEndPoint Upstream { get; init; }

    /// <summary>The NAT64 prefix (<c>--prefix</c>); null leaves the CLI's default.</summary>
    public string? Prefix { get; init; } = "2001:db8:64::/96";

    /// <summary>
    /// <c>--allow</c> prefixes; empty passes no <c>--allow</c> (the CLI then refuses everyone). The
    /// default allows loopback clients; ::1/128 is added when gate64 also listens on ::1.
    /// </summary>
    public IReadOnlyList<string> Allow { get; init; } = ["127.0.0.0/8"];

    /// <summary><c>--exclude</c> prefixes; empty leaves the default (::ffff:0:0/96).</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Also listen on [::1] with the same port when ::1 is usable here.</summary>
    public bool ListenOnIPv6Loopback { get; init; } = true;

    /// <summary>More arguments appended as they are.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
}
