using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Gate64.Protocols.Ip;

namespace Gate64.Links;

/// <summary>
/// Reads the JSON that iproute2 prints with <c>-j</c>. Pure functions over the text; unexpected shapes are a
/// <see cref="FormatException"/> naming what was missing, never a silent default.
/// </summary>
internal static class IpJson
{
    /// <summary><c>ip -j -d address show …</c>: one entry per interface.</summary>
    public static IReadOnlyList<LinuxInterfaceState> ParseInterfaces(string json)
    {
        List<LinuxInterfaceState> interfaces = [];
        foreach (JsonElement entry in Entries(json))
        {
            string name = RequiredString(entry, "ifname");
            int index = entry.TryGetProperty("ifindex", out JsonElement indexElement) && indexElement.TryGetInt32(out int parsedIndex)
                ? parsedIndex
                : throw new FormatException($"ip printed interface '{name}' without an ifindex");
            int? peerIndex = entry.TryGetProperty("link_index", out JsonElement peerElement) && peerElement.TryGetInt32(out int parsedPeer) ? parsedPeer : null;
            string? kind = entry.TryGetProperty("linkinfo", out JsonElement linkInfo) && linkInfo.ValueKind == JsonValueKind.Object ? OptionalString(linkInfo, "info_kind") : null;
            bool up = entry.TryGetProperty("flags", out JsonElement flags) && flags.ValueKind == JsonValueKind.Array &&
                flags.EnumerateArray().Any(flag => flag.ValueKind == JsonValueKind.String && flag.GetString() == "UP");
            List<InterfaceAddress> addresses = [];
            if (entry.TryGetProperty("addr_info", out JsonElement addressInfo) && addressInfo.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement address in addressInfo.EnumerateArray())
                {
                    if (address.ValueKind != JsonValueKind.Object || OptionalString(address, "local") is not { } local)
                    {
                        continue;
                    }
                    int length = address.TryGetProperty("prefixlen", out JsonElement lengthElement) && lengthElement.TryGetInt32(out int parsedLength) ? parsedLength : -1;
                    if (!IpAddressText.TryParse(local, out IPAddress? parsedAddress) ||
                        length < 0 || length > (parsedAddress.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32))
                    {
                        throw new FormatException($"ip printed the address '{local}' with prefix length {length} on '{name}'");
                    }
                    addresses.Add(new InterfaceAddress(parsedAddress, length, OptionalString(address, "scope") ?? ""));
                }
            }
            interfaces.Add(new LinuxInterfaceState(name, index, peerIndex, kind, OptionalString(entry, "address"), OptionalString(entry, "ifalias"), up, addresses));
        }
        return interfaces;
    }

    /// <summary><c>ip -j route show …</c>: <c>dst</c> is <c>default</c>, an address (a host route) or a prefix.</summary>
    public static IReadOnlyList<LinuxRoute> ParseRoutes(string json)
    {
        List<LinuxRoute> routes = [];
        foreach (JsonElement entry in Entries(json))
        {
            string destination = RequiredString(entry, "dst");
            string? gateway = OptionalString(entry, "gateway");
            IpPrefix prefix;
            if (destination == "default")
            {
                bool ipv6 = gateway?.Contains(':', StringComparison.Ordinal) ?? false;
                prefix = IpPrefix.Parse(ipv6 ? "::/0" : "0.0.0.0/0");
            }
            else if (!IpPrefix.TryParse(destination, out prefix))
            {
                throw new FormatException($"ip printed a route to '{destination}', which is not a prefix");
            }
            routes.Add(new LinuxRoute(prefix, gateway, OptionalString(entry, "dev")));
        }
        return routes;
    }

    private static IEnumerable<JsonElement> Entries(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("ip -j printed something other than a JSON array");
            }
            // Cloned so the elements outlive the document.
            return [.. document.RootElement.EnumerateArray().Where(entry => entry.ValueKind == JsonValueKind.Object).Select(entry => entry.Clone())];
        }
        catch (JsonException exception)
        {
            throw new FormatException($"ip -j printed invalid JSON: {exception.Message}", exception);
        }
    }

    private static string RequiredString(JsonElement entry, string property) =>
        OptionalString(entry, property) ?? throw new FormatException($"ip printed an entry without '{property}'");

    private static string? OptionalString(JsonElement entry, string property) =>
        entry.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
