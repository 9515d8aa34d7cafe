using System.Net;
using System.Net.Sockets;

namespace Gate64.Testing;

/// <summary>
/// A veth pair whose two ends are created directly inside two harness namespaces (never in the
/// host's namespace), named <c>g64t-TAGa</c> and <c>g64t-TAGb</c>, with their addresses (IPv6
/// without duplicate address detection, so usable at once) and both ends up. Disposing deletes the
/// pair by name; deleting either namespace would remove it too.
/// </summary>
public sealed class VethLink : IAsyncDisposable
{
    private int _disposed;

    private VethLink(NetworkNamespace firstNamespace, string firstName, NetworkNamespace secondNamespace, string secondName)
    {
        FirstNamespace = firstNamespace;
        FirstName = firstName;
        SecondNamespace = secondNamespace;
        SecondName = secondName;
    }

    public NetworkNamespace FirstNamespace { get; }

    /// <summary>The interface name of the end in <see cref="FirstNamespace"/>.</summary>
    public string FirstName { get; }

    public NetworkNamespace SecondNamespace { get; }

    /// <summary>The interface name of the end in <see cref="SecondNamespace"/>.</summary>
    public string SecondName { get; }

    /// <summary>Creates the pair and gives each end its addresses (CIDR notation, e.g. <c>2001:db8:ff::1/64</c>).</summary>
    public static async Task<VethLink> CreateAsync(
        NetworkNamespace firstNamespace,
        IReadOnlyList<string> firstAddresses,
        NetworkNamespace secondNamespace,
        IReadOnlyList<string> secondAddresses)
    {
        // Interface names have at most 15 characters: "g64t-" + 6 + "a" = 12.
        string tag = NetworkNamespace.NewTag();
        string firstName = $"{NetworkNamespace.NamePrefix}{tag}a";
        string secondName = $"{NetworkNamespace.NamePrefix}{tag}b";

        // Made inside the first namespace with its peer placed straight into the second one.
        await firstNamespace.IpAsync("link", "add", firstName, "type", "veth", "peer", "name", secondName, "netns", secondNamespace.Name)
            .ConfigureAwait(false);
        VethLink link = new(firstNamespace, firstName, secondNamespace, secondName);
        try
        {
            await ConfigureAsync(firstNamespace, firstName, firstAddresses).ConfigureAwait(false);
            await ConfigureAsync(secondNamespace, secondName, secondAddresses).ConfigureAwait(false);
            return link;
        }
        catch
        {
            await link.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Deleting one end deletes both. Gone already when its namespace went first.
        if (!FirstNamespace.IsDisposed)
        {
            ChildProcessResult shown = await FirstNamespace.TryIpAsync("link", "show", "dev", FirstName).ConfigureAwait(false);
            if (shown.ExitCode == 0)
            {
                await FirstNamespace.IpAsync("link", "del", "dev", FirstName).ConfigureAwait(false);
            }
        }
    }

    public override string ToString() => $"{FirstNamespace.Name}/{FirstName} <-> {SecondNamespace.Name}/{SecondName}";

    private static async Task ConfigureAsync(NetworkNamespace networkNamespace, string name, IReadOnlyList<string> addresses)
    {
        foreach (string address in addresses)
        {
            bool ipv6 = IPAddress.Parse(address.Split('/')[0]).AddressFamily == AddressFamily.InterNetworkV6;
            string[] arguments = ipv6
                ? ["address", "add", address, "dev", name, "nodad"]
                : ["address", "add", address, "dev", name];
            await networkNamespace.IpAsync(arguments).ConfigureAwait(false);
        }

        await networkNamespace.IpAsync("link", "set", "dev", name, "up").ConfigureAwait(false);
    }
}
