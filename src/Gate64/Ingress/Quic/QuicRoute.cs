using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Gate64.Ingress.Quic;

/// <summary>A UDP socket connected to the flow's backend, or why there is none.</summary>
/// <param name="Backend">Connected to <c>[backend]:port</c>; the flow owns it.</param>
/// <param name="Name">The normalised site name, or the raw one when it could not be normalised.</param>
/// <param name="Refusal">Why the flow is refused.</param>
/// <param name="Detail">Words for the log.</param>
internal readonly record struct QuicRoute(Socket? Backend, string? Name, IngressRefusal? Refusal, string Detail)
{
    [MemberNotNullWhen(true, nameof(Backend))]
    public bool Found => Backend is not null;

    public EndPoint? BackendEndPoint => Backend?.RemoteEndPoint;

    public static QuicRoute Refuse(string? name, IngressRefusal refusal, string detail) => new(null, name, refusal, detail);
}
