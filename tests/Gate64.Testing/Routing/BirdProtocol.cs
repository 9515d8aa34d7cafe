namespace Gate64.Testing.Routing;

/// <summary>
/// One row of <c>birdc show protocols</c>: e.g. <c>gate64_v4_1 BGP --- up 2026-01-01 12:00:00.000 Established</c>.
/// Dynamic BGP neighbours appear as their own rows named after the template's <c>dynamic name</c> plus a number.
/// </summary>
public sealed record BirdProtocol(string Name, string Protocol, string Table, string State, string Since, string Info)
{
    /// <summary>A BGP protocol whose session is Established.</summary>
    public bool IsEstablished =>
        Protocol == "BGP" && State == "up" && Info.StartsWith("Established", StringComparison.Ordinal);

    public override string ToString() => $"{Name} {Protocol} {State} {Since} {Info}".TrimEnd();
}
