using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Unicode;

namespace Gate64.Protocols.ProxyProtocol;

/// <summary>
/// Writes the PROXY protocol header (HAProxy's proxy-protocol.txt, versions 1 and 2) that tells an opted-in backend the
/// client's address.
/// </summary>
/// <remarks>
/// The header carries the endpoints of the client's connection to the gateway: source = client, destination = the
/// gateway address the client connected to. It describes that connection's family even when the backend connection
/// is IPv6 (spec §4.2). IPv4-mapped IPv6 endpoints (from a dual-mode listener) are written as the IPv4 addresses they
/// are, and IPv6 scope ids are dropped: they mean nothing on the backend.
/// </remarks>
public static class ProxyProtocolWriter
{
    /// <summary>
    /// The longest version 1 line, CRLF included (spec §2.1, worst case with UNKNOWN and optional fields). This writer's
    /// longest is 104 (TCP6 with two 39-character addresses and two 5-digit ports).
    /// </summary>
    public const int MaxV1Length = 107;

    /// <summary>
    /// The longest version 2 header this writer produces: 16 (signature, version/command, family, length) + 36 (two IPv6
    /// addresses and two ports) + 3 (TLV type and length) + 255 (<see cref="MaxAuthorityLength"/>) = 310. The spec's
    /// own bound for any header is one minimal TCP segment, 536 bytes (spec §2).
    /// </summary>
    public const int MaxV2Length = V2HeaderSize + V2Inet6AddressSize + TlvHeaderSize + MaxAuthorityLength;

    /// <summary>The longest authority, in UTF-8 bytes, written into PP2_TYPE_AUTHORITY. A DNS name has at most 253.</summary>
    public const int MaxAuthorityLength = 255;

    private const int V2HeaderSize = 16;
    private const int V2InetAddressSize = 12;
    private const int V2Inet6AddressSize = 36;
    private const int TlvHeaderSize = 3;
    private const byte VersionCommandProxy = 0x21;
    private const byte FamilyUnspec = 0x00;
    private const byte FamilyTcp4 = 0x11;
    private const byte FamilyTcp6 = 0x21;
    private const byte TypeAuthority = 0x02;

    /// <summary>The version 2 signature (spec §2.2).</summary>
    public static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>
    /// Writes a version 1 line: <c>PROXY TCP4 192.0.2.1 198.51.100.1 56324 443\r\n</c>, TCP6 for IPv6, or
    /// <c>PROXY UNKNOWN\r\n</c> when the endpoints are of different families.
    /// </summary>
    /// <param name="buffer">Where to write; <see cref="MaxV1Length"/> bytes are always enough.</param>
    /// <param name="source">The client's endpoint.</param>
    /// <param name="destination">The gateway endpoint the client connected to.</param>
    /// <returns>The number of bytes written.</returns>
    public static int WriteV1(Span<byte> buffer, IPEndPoint source, IPEndPoint destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        IPAddress sourceAddress = Canonical(source.Address);
        IPAddress destinationAddress = Canonical(destination.Address);
        Span<byte> line = stackalloc byte[MaxV1Length];
        int length;
        if (sourceAddress.AddressFamily != destinationAddress.AddressFamily)
        {
            "PROXY UNKNOWN\r\n"u8.CopyTo(line);
            length = 15;
        }
        else
        {
            string protocol = sourceAddress.AddressFamily == AddressFamily.InterNetwork ? "TCP4" : "TCP6";
            bool written = Utf8.TryWrite(line, $"PROXY {protocol} {sourceAddress} {destinationAddress} {source.Port} {destination.Port}\r\n", out length);
            if (!written)
            {
                throw new InvalidOperationException("A PROXY v1 line cannot exceed its maximum length.");
            }
        }

        if (buffer.Length < length)
        {
            throw new ArgumentException($"The buffer must hold {length} bytes ({MaxV1Length} always suffice).", nameof(buffer));
        }

        line[..length].CopyTo(buffer);
        return length;
    }

    /// <summary>
    /// Writes a version 2 header: signature, version 2 with command PROXY, TCP over IPv4 (0x11) or IPv6 (0x21), the
    /// addresses and ports, then an optional PP2_TYPE_AUTHORITY TLV (spec §2.2.2). Endpoints of different families
    /// give family UNSPEC (0x00) with no address block.
    /// </summary>
    /// <param name="buffer">Where to write; <see cref="MaxV2Length"/> bytes are always enough.</param>
    /// <param name="source">The client's endpoint.</param>
    /// <param name="destination">The gateway endpoint the client connected to.</param>
    /// <param name="authority">The SNI or Host name to pass on; null or empty writes no TLV. At most <see cref="MaxAuthorityLength"/> UTF-8 bytes.</param>
    /// <returns>The number of bytes written.</returns>
    public static int WriteV2(Span<byte> buffer, IPEndPoint source, IPEndPoint destination, string? authority = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        IPAddress sourceAddress = Canonical(source.Address);
        IPAddress destinationAddress = Canonical(destination.Address);
        int authorityLength = string.IsNullOrEmpty(authority) ? 0 : Encoding.UTF8.GetByteCount(authority);
        if (authorityLength > MaxAuthorityLength)
        {
            throw new ArgumentException($"The authority must be at most {MaxAuthorityLength} UTF-8 bytes.", nameof(authority));
        }

        byte family;
        int addressSize;
        if (sourceAddress.AddressFamily != destinationAddress.AddressFamily)
        {
            family = FamilyUnspec;
            addressSize = 0;
        }
        else if (sourceAddress.AddressFamily == AddressFamily.InterNetwork)
        {
            family = FamilyTcp4;
            addressSize = V2InetAddressSize;
        }
        else
        {
            family = FamilyTcp6;
            addressSize = V2Inet6AddressSize;
        }

        int payloadLength = addressSize + (authorityLength > 0 ? TlvHeaderSize + authorityLength : 0);
        int total = V2HeaderSize + payloadLength;
        if (buffer.Length < total)
        {
            throw new ArgumentException($"The buffer must hold {total} bytes ({MaxV2Length} always suffice).", nameof(buffer));
        }

        V2Signature.CopyTo(buffer);
        buffer[12] = VersionCommandProxy;
        buffer[13] = family;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[14..], (ushort)payloadLength);
        int position = V2HeaderSize;
        if (addressSize > 0)
        {
            int size = (addressSize - 4) / 2;
            sourceAddress.TryWriteBytes(buffer.Slice(position, size), out _);
            destinationAddress.TryWriteBytes(buffer.Slice(position + size, size), out _);
            BinaryPrimitives.WriteUInt16BigEndian(buffer[(position + (2 * size))..], (ushort)source.Port);
            BinaryPrimitives.WriteUInt16BigEndian(buffer[(position + (2 * size) + 2)..], (ushort)destination.Port);
            position += addressSize;
        }

        if (authorityLength > 0)
        {
            buffer[position] = TypeAuthority;
            BinaryPrimitives.WriteUInt16BigEndian(buffer[(position + 1)..], (ushort)authorityLength);
            position += TlvHeaderSize;
            position += Encoding.UTF8.GetBytes(authority!, buffer[position..]);
        }

        return position;
    }

    private static IPAddress Canonical(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            return new IPAddress(bytes);
        }

        return address;
    }
}
