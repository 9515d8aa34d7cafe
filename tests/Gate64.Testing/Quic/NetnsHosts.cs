namespace Gate64.Testing.Quic;

/// <summary>
/// <c>/etc/netns/NAME/hosts</c>: <c>ip netns exec NAME</c> mounts it over /etc/hosts for the programs it starts, so
/// names resolve inside that namespace without a resolver. Disposing removes the folder (and /etc/netns when it made it).
/// </summary>
/// <remarks>
/// ngtcp2's GnuTLS client (Debian 12's gtlsclient 0.12) sends the host it connects to as SNI and ignores
/// <c>--sni</c>; an IP address becomes "localhost". It has to connect by name.
/// </remarks>
public sealed class NetnsHosts : IDisposable
{
    private const string Root = "/etc/netns";

    private readonly string _folder;
    private readonly bool _createdRoot;

    private NetnsHosts(string folder, bool createdRoot)
    {
        _folder = folder;
        _createdRoot = createdRoot;
    }

    /// <summary>Writes the hosts file of <paramref name="networkNamespace"/>: each name to its address.</summary>
    public static NetnsHosts Write(NetworkNamespace networkNamespace, IEnumerable<(string Address, string Name)> entries)
    {
        ArgumentNullException.ThrowIfNull(networkNamespace);
        bool createdRoot = !Directory.Exists(Root);
        string folder = Path.Combine(Root, networkNamespace.Name);
        NetnsHosts hosts = new(folder, createdRoot);
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllLines(Path.Combine(folder, "hosts"), ["127.0.0.1 localhost", .. entries.Select(entry => $"{entry.Address} {entry.Name}")]);
            return hosts;
        }
        catch
        {
            hosts.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        if (_createdRoot && Directory.Exists(Root) && !Directory.EnumerateFileSystemEntries(Root).Any())
        {
            Directory.Delete(Root);
        }
    }
}
