using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;

namespace Gate64.Ingress;

/// <summary>A connected backend socket, or why no backend address could be reached.</summary>
internal readonly record struct DialResult(Socket? Backend, BackendCandidate Candidate, IngressRefusal? Failure, string Detail)
{
    [MemberNotNullWhen(true, nameof(Backend))]
    public bool Connected => Backend is not null;
}
