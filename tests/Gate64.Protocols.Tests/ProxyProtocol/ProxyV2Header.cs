using System.Net;

namespace Gate64.Protocols.Tests.ProxyProtocol;

/// <summary>A version 2 header as a receiver decodes it.</summary>
internal sealed record ProxyV2Header(int Command, int FamilyAndProtocol, IPEndPoint? Source, IPEndPoint? Destination, IReadOnlyList<(byte Type, byte[] Value)> Tlvs, int Length);
