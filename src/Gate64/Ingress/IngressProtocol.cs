namespace Gate64.Ingress;

/// <summary>What the client speaks, told from its first byte.</summary>
public enum IngressProtocol
{
    Unknown,
    Tls,
    Http,
}
