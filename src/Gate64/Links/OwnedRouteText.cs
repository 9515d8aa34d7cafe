using System.Net.Sockets;
using Gate64.Protocols.Ip;

namespace Gate64.Links;

/// <summary>Owned route sets as text: IPv4 before IPv6, then by address and length, so the same set always reads the same.</summary>
internal static class OwnedRouteText
{
    public static IReadOnlyList<IpPrefix> Sorted(IEnumerable<IpPrefix> routes) =>
        [.. routes.Order(Comparer<IpPrefix>.Create(Compare))];

    /// <summary><c>owned routes (2): 192.0.2.10/32 2001:db8:10::10/128</c>; <c>owned routes (0)</c> for none.</summary>
    public static string Line(IReadOnlyCollection<IpPrefix> routes) =>
        routes.Count == 0 ? "owned routes (0)" : $"owned routes ({routes.Count}): {string.Join(' ', Sorted(routes))}";

    private static int Compare(IpPrefix left, IpPrefix right)
    {
        int family = (left.Family == AddressFamily.InterNetwork ? 0 : 1).CompareTo(right.Family == AddressFamily.InterNetwork ? 0 : 1);
        if (family != 0)
        {
            return family;
        }
        Span<byte> leftBytes = stackalloc byte[16];
        Span<byte> rightBytes = stackalloc byte[16];
        left.Network.TryWriteBytes(leftBytes, out int leftLength);
        right.Network.TryWriteBytes(rightBytes, out int rightLength);
        int address = leftBytes[..leftLength].SequenceCompareTo(rightBytes[..rightLength]);
        return address != 0 ? address : left.Length.CompareTo(right.Length);
    }
}
