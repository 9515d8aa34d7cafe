using System.Net;

namespace Gate64.Ingress;

/// <summary>A resolved address and the policy's verdict on it.</summary>
public readonly record struct BackendCandidate(IPAddress Address, BackendVerdict Verdict, PermittedPrefix PermittedBy);
