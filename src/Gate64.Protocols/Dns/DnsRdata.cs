using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Gate64.Protocols.Dns;

/// <summary>Typed views and factories for common RDATA (names in RDATA are uncompressed, as stored in <see cref="DnsResourceRecord.Data"/>).</summary>
public static class DnsRdata
{
    /// <summary>The address of an A (4 bytes) or AAAA (16 bytes) record; false for any other type or length.</summary>
    public static bool TryGetAddress(DnsResourceRecord record, [NotNullWhen(true)] out IPAddress? address)
    {
        ArgumentNullException.ThrowIfNull(record);
        ReadOnlySpan<byte> data = record.Data.Span;
        address = (record.Type, data.Length) switch
        {
            (DnsRecordType.A, 4) or (DnsRecordType.AAAA, 16) => new IPAddress(data),
            _ => null,
        };
        return address is not null;
    }

    /// <summary>The target name of a CNAME, DNAME, NS or PTR record; false for other types or malformed data.</summary>
    public static bool TryGetName(DnsResourceRecord record, [NotNullWhen(true)] out DnsName? name)
    {
        ArgumentNullException.ThrowIfNull(record);
        name = null;
        return record.Type is DnsRecordType.CNAME or DnsRecordType.DNAME or DnsRecordType.NS or DnsRecordType.PTR
            && DnsName.TryFromWire(record.Data.Span, out name);
    }

    /// <summary>The fields of an SOA record; false for other types or malformed data.</summary>
    public static bool TryGetSoa(DnsResourceRecord record, out DnsSoa soa)
    {
        ArgumentNullException.ThrowIfNull(record);
        soa = default;
        ReadOnlySpan<byte> data = record.Data.Span;
        if (record.Type != DnsRecordType.SOA
            || DnsName.CountUncompressed(data, out int primaryLength) < 0
            || DnsName.CountUncompressed(data[primaryLength..], out int mailboxLength) < 0
            || data.Length - primaryLength - mailboxLength != 20)
        {
            return false;
        }

        ReadOnlySpan<byte> numbers = data[(primaryLength + mailboxLength)..];
        soa = new DnsSoa(
            DnsName.FromValidated(data[..primaryLength]),
            DnsName.FromValidated(data.Slice(primaryLength, mailboxLength)),
            BinaryPrimitives.ReadUInt32BigEndian(numbers),
            BinaryPrimitives.ReadUInt32BigEndian(numbers[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(numbers[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(numbers[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(numbers[16..]));
        return true;
    }

    /// <summary>The preference and exchange of an MX record; false for other types or malformed data.</summary>
    public static bool TryGetMx(DnsResourceRecord record, out ushort preference, [NotNullWhen(true)] out DnsName? exchange)
    {
        ArgumentNullException.ThrowIfNull(record);
        preference = 0;
        exchange = null;
        ReadOnlySpan<byte> data = record.Data.Span;
        if (record.Type != DnsRecordType.MX || data.Length < 2 || !DnsName.TryFromWire(data[2..], out exchange))
        {
            return false;
        }

        preference = BinaryPrimitives.ReadUInt16BigEndian(data);
        return true;
    }

    /// <summary>RDATA for an A (IPv4) or AAAA (IPv6) record.</summary>
    public static ReadOnlyMemory<byte> FromAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 => address.GetAddressBytes(),
            _ => throw new ArgumentException("Only IPv4 and IPv6 addresses have RDATA.", nameof(address)),
        };
    }

    /// <summary>RDATA for a CNAME, DNAME, NS or PTR record.</summary>
    public static ReadOnlyMemory<byte> FromName(DnsName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Wire.ToArray();
    }

    /// <summary>RDATA for an SOA record.</summary>
    public static ReadOnlyMemory<byte> FromSoa(DnsSoa soa)
    {
        ArgumentNullException.ThrowIfNull(soa.PrimaryServer);
        ArgumentNullException.ThrowIfNull(soa.Mailbox);
        ReadOnlySpan<byte> primary = soa.PrimaryServer.Wire;
        ReadOnlySpan<byte> mailbox = soa.Mailbox.Wire;
        byte[] data = new byte[primary.Length + mailbox.Length + 20];
        primary.CopyTo(data);
        mailbox.CopyTo(data.AsSpan(primary.Length));
        Span<byte> numbers = data.AsSpan(primary.Length + mailbox.Length);
        BinaryPrimitives.WriteUInt32BigEndian(numbers, soa.Serial);
        BinaryPrimitives.WriteUInt32BigEndian(numbers[4..], soa.Refresh);
        BinaryPrimitives.WriteUInt32BigEndian(numbers[8..], soa.Retry);
        BinaryPrimitives.WriteUInt32BigEndian(numbers[12..], soa.Expire);
        BinaryPrimitives.WriteUInt32BigEndian(numbers[16..], soa.Minimum);
        return data;
    }

    /// <summary>RDATA for an MX record.</summary>
    public static ReadOnlyMemory<byte> FromMx(ushort preference, DnsName exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        byte[] data = new byte[2 + exchange.Wire.Length];
        BinaryPrimitives.WriteUInt16BigEndian(data, preference);
        exchange.Wire.CopyTo(data.AsSpan(2));
        return data;
    }

    /// <summary>RDATA for a TXT record: each string (at most 255 bytes, taken as Latin-1/ASCII) as a character-string.</summary>
    public static ReadOnlyMemory<byte> FromText(params ReadOnlySpan<string> strings)
    {
        int length = 0;
        foreach (string s in strings)
        {
            ArgumentNullException.ThrowIfNull(s);
            if (s.Length > 255 || s.AsSpan().ContainsAnyExceptInRange((char)0, (char)0xFF))
            {
                throw new ArgumentException("A character-string is at most 255 bytes of Latin-1.", nameof(strings));
            }

            length += 1 + s.Length;
        }

        byte[] data = new byte[length];
        int position = 0;
        foreach (string s in strings)
        {
            data[position++] = (byte)s.Length;
            foreach (char c in s)
            {
                data[position++] = (byte)c;
            }
        }

        return data;
    }
}
