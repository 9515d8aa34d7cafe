using System.Net;

namespace Gate64.Testing;

/// <summary>One resource record as dig prints it: owner, TTL, class, type and the rest of the line.</summary>
public sealed record DigRecord(string Name, uint Ttl, string Class, string Type, string Data)
{
    /// <summary>The data of an A or AAAA record as an address.</summary>
    public IPAddress Address => IPAddress.Parse(Data);

    public override string ToString() => $"{Name} {Ttl} {Class} {Type} {Data}";
}
