using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text;
using Gate64.Protocols.Ip;

namespace Gate64.Testing.Bgp;

/// <summary>
/// Many host routes at once: consecutive /32s or /128s from the start of a pool, installed on one device
/// with one <c>ip -batch</c> run (thousands of <c>ip route add</c> processes would take minutes), each
/// marked with a route protocol (64 is Gate64's, which the speaker announces).
/// </summary>
public static class KernelRouteBatch
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    /// <summary>The first <paramref name="count"/> host prefixes of <paramref name="pool"/>, skipping its network address.</summary>
    public static IReadOnlyList<IpPrefix> HostPrefixes(IpPrefix pool, int count)
    {
        byte[] network = pool.Network.GetAddressBytes();
        int bits = network.Length * 8;
        BigInteger first = new(network, isUnsigned: true, isBigEndian: true);
        BigInteger size = BigInteger.One << (bits - pool.Length);
        if (count < 0 || count >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"{pool} holds fewer than {count} host addresses");
        }

        List<IpPrefix> prefixes = new(count);
        for (int i = 1; i <= count; i++)
        {
            // The minimal big-endian form, right-aligned in the address.
            byte[] minimal = (first + i).ToByteArray(isUnsigned: true, isBigEndian: true);
            byte[] bytes = new byte[network.Length];
            minimal.CopyTo(bytes, bytes.Length - minimal.Length);
            prefixes.Add(IpPrefix.Create(new IPAddress(bytes), bits));
        }

        return prefixes;
    }

    /// <summary>
    /// Adds every prefix as <c>route add P dev DEVICE proto PROTOCOL</c> in <paramref name="networkNamespace"/>
    /// with one <c>ip -batch</c>; throws with ip's output when a line fails.
    /// </summary>
    public static async Task AddAsync(NetworkNamespace networkNamespace, string device, IEnumerable<IpPrefix> prefixes, int protocol)
    {
        ArgumentNullException.ThrowIfNull(networkNamespace);
        ArgumentNullException.ThrowIfNull(prefixes);
        StringBuilder batch = new();
        foreach (IpPrefix prefix in prefixes)
        {
            // No family option in a batch line: ip takes it from the prefix.
            batch.Append(CultureInfo.InvariantCulture, $"route add {prefix} dev {device} proto {protocol}\n");
        }

        using TempDirectory directory = TempDirectory.Create("routes");
        string path = directory.Combine("routes.batch");
        await File.WriteAllTextAsync(path, batch.ToString()).ConfigureAwait(false);
        ChildProcessResult result = await ChildProcess.RunAsync(
            RequiredTool.Find("ip"), ["-n", networkNamespace.Name, "-batch", path], s_timeout).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip -batch failed:\n{result}");
        }
    }

    /// <summary><c>ip route flush proto P</c> and <c>ip -6 route flush proto P</c> in <paramref name="networkNamespace"/>.</summary>
    public static async Task FlushAsync(NetworkNamespace networkNamespace, int protocol)
    {
        ArgumentNullException.ThrowIfNull(networkNamespace);
        string number = protocol.ToString(CultureInfo.InvariantCulture);
        await networkNamespace.IpAsync("-4", "route", "flush", "proto", number).ConfigureAwait(false);
        await networkNamespace.IpAsync("-6", "route", "flush", "proto", number).ConfigureAwait(false);
    }

    /// <summary>How many routes of protocol <paramref name="protocol"/> the main table holds (<c>ip [-6] route show proto P</c>).</summary>
    public static async Task<int> CountAsync(NetworkNamespace networkNamespace, bool ipv6, int protocol)
    {
        ArgumentNullException.ThrowIfNull(networkNamespace);
        string output = await networkNamespace.IpAsync(ipv6 ? "-6" : "-4", "route", "show", "proto", protocol.ToString(CultureInfo.InvariantCulture))
            .ConfigureAwait(false);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }
}
