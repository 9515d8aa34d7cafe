using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Gate64.Diagnostics;

/// <summary>Reads the nameservers of <c>/etc/resolv.conf</c> (resolv.conf(5)): the resolver <c>gate64 check</c> uses without <c>--resolver</c>.</summary>
internal static class ResolvConf
{
    public const string DefaultPath = "/etc/resolv.conf";

    /// <summary>Every <c>nameserver</c> line's address, on port 53, in file order; lines that do not parse are skipped.</summary>
    /// <param name="text">The file's contents.</param>
    public static IReadOnlyList<IPEndPoint> ParseNameservers(string text)
    {
        List<IPEndPoint> nameservers = [];
        foreach (string rawLine in text.Split('\n'))
        {
            string line = rawLine.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }
            string[] fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || !fields[0].Equals("nameserver", StringComparison.Ordinal))
            {
                continue;
            }
            if (TryParseAddress(fields[1], out IPAddress? address))
            {
                nameservers.Add(new IPEndPoint(address, 53));
            }
        }
        return nameservers;
    }

    /// <summary>The first nameserver of <paramref name="path"/>, or null with the reason.</summary>
    /// <param name="path">Usually <see cref="DefaultPath"/>.</param>
    /// <param name="error">Why there is none: the file cannot be read or names no nameserver.</param>
    public static IPEndPoint? FirstNameserver(string path, out string? error)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read {path} ({exception.Message}); give the resolver with --resolver ADDR:PORT.";
            return null;
        }
        IReadOnlyList<IPEndPoint> nameservers = ParseNameservers(text);
        if (nameservers.Count == 0)
        {
            error = $"{path} names no nameserver; give the resolver with --resolver ADDR:PORT.";
            return null;
        }
        error = null;
        return nameservers[0];
    }

    /// <summary>An IPv4 address, or an IPv6 address with an optional <c>%zone</c> (for link-local resolvers).</summary>
    private static bool TryParseAddress(string text, [NotNullWhen(true)] out IPAddress? address)
    {
        int percent = text.IndexOf('%', StringComparison.Ordinal);
        if (!IPAddress.TryParse(percent < 0 ? text : text[..percent], out address))
        {
            return false;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && percent >= 0)
        {
            string zone = text[(percent + 1)..];
            if (uint.TryParse(zone, NumberStyles.None, CultureInfo.InvariantCulture, out uint index))
            {
                address.ScopeId = index;
            }
            else if (NetworkInterface.GetAllNetworkInterfaces()
                     .FirstOrDefault(candidate => candidate.Name.Equals(zone, StringComparison.Ordinal)) is { } networkInterface
                     && networkInterface.GetIPProperties().GetIPv6Properties() is { } properties)
            {
                address.ScopeId = (uint)properties.Index;
            }
        }
        return true;
    }
}
