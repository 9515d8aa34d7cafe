using System.Net;

namespace Gate64.Links;

/// <summary>An address on an interface as <c>ip address</c> shows it: the address itself, its prefix length and scope.</summary>
internal sealed record InterfaceAddress(IPAddress Address, int PrefixLength, string Scope)
{
    public bool IsGlobal => Scope == "global";

    public override string ToString() => $"{Address}/{PrefixLength}";
}
