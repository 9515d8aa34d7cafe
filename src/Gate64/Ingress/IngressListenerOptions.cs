using System.Net;

namespace Gate64.Ingress;

/// <summary>One listening address and the backend port its connections go to (<c>--listen 0.0.0.0:8443=443</c>).</summary>
public sealed record IngressListenerOptions(IPEndPoint Endpoint, int BackendPort)
{
    public override string ToString() => BackendPort == Endpoint.Port ? Endpoint.ToString() : $"{Endpoint}={BackendPort}";
}
