using System.Buffers;
using Gate64.Protocols.Bgp;
using Gate64.Protocols.Ip;

namespace Gate64.Bgp;

/// <summary>
/// Turns changes of one family into as few UPDATE messages as fit (withdrawals first, so a prefix that
/// moves never has two answers at the peer) and sends them on the session's connection.
/// </summary>
internal sealed class BgpUpdateSender(BgpConnection connection, BgpRouteAttributes attributes, BgpNextHops nextHops)
{
    private readonly BgpUpdateWriter _writer = new();

    /// <summary>UPDATE messages sent so far on this connection.</summary>
    public long MessagesSent { get; private set; }

    /// <summary>True when this session has a next hop for the family, i.e. can announce in it.</summary>
    public bool CanAnnounce(BgpAddressFamily family) =>
        family == BgpAddressFamily.Ipv4Unicast ? nextHops.Ipv4 is not null : nextHops.Ipv6Global is not null;

    public async Task SendAsync(BgpAddressFamily family, RibChanges changes, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BgpMessageHeader.MaxMessageLength);
        try
        {
            IpPrefix[] withdraw = [.. changes.Withdraw];
            for (int done = 0; done < withdraw.Length;)
            {
                int length = _writer.WriteWithdraw(family, withdraw.AsSpan(done), buffer, out int written);
                await SendOneAsync(buffer, length, cancellationToken).ConfigureAwait(false);
                done += written;
            }
            IpPrefix[] announce = [.. changes.Announce];
            for (int done = 0; done < announce.Length;)
            {
                int length = WriteAnnounce(family, announce.AsSpan(done), buffer, out int written);
                await SendOneAsync(buffer, length, cancellationToken).ConfigureAwait(false);
                done += written;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task SendEndOfRibAsync(BgpAddressFamily family, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BgpMessageHeader.MaxMessageLength);
        try
        {
            await SendOneAsync(buffer, _writer.WriteEndOfRib(family, buffer), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private int WriteAnnounce(BgpAddressFamily family, ReadOnlySpan<IpPrefix> prefixes, Span<byte> buffer, out int written) =>
        family == BgpAddressFamily.Ipv4Unicast
            ? _writer.WriteIpv4Announce(attributes, nextHops.Ipv4!, prefixes, buffer, out written)
            : _writer.WriteIpv6Announce(attributes, nextHops.Ipv6Global!, nextHops.Ipv6LinkLocal, prefixes, buffer, out written);

    private async Task SendOneAsync(byte[] buffer, int length, CancellationToken cancellationToken)
    {
        await connection.SendAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        MessagesSent++;
    }
}
