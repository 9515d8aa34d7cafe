namespace Gate64.Ingress;

/// <summary>
/// What the client's first bytes say: the protocol and the normalised site name, or the refusal.
/// When a site is named, the first <see cref="Length"/> bytes of <see cref="Buffer"/> (rented from
/// the shared array pool; the receiver returns it) are replayed to the backend.
/// </summary>
internal readonly record struct SniffResult(IngressProtocol Protocol, string? Name, int Length, IngressRefusal? Refusal, string Detail)
{
    public byte[]? Buffer { get; init; }

    /// <summary>The client closed before saying anything: nobody to answer.</summary>
    public bool ClientGone => Protocol == IngressProtocol.Unknown && Refusal is null;

    public static SniffResult Refused(IngressProtocol protocol, IngressRefusal refusal, string detail, string? name = null) =>
        new(protocol, name, 0, refusal, detail);
}
