using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Gate64.Protocols.Quic;

/// <summary>
/// Derives the Initial packet protection keys (RFC 9001 §5.2; RFC 9369 §3.3 for v2) from the Destination Connection ID
/// of the client's first Initial. Anyone who sees that packet can derive them: they protect against accidents, not
/// observers, which is what lets the gateway read the ClientHello without terminating QUIC.
/// </summary>
/// <remarks>
/// <code>
///  initial_secret = HKDF-Extract(salt(version), client_dcid)
///  client/server  = HKDF-Expand-Label(initial_secret, "client in" | "server in", "", 32)
///  key, iv, hp    = HKDF-Expand-Label(secret, "quic key" | "quic iv" | "quic hp", "", 16 | 12 | 16)   (v2: "quicv2 …")
/// </code>
/// </remarks>
public static class QuicInitialSecrets
{
    /// <summary>AES-128-GCM key length.</summary>
    public const int KeyLength = 16;

    /// <summary>AEAD nonce length (RFC 9001 §5.3).</summary>
    public const int IvLength = 12;

    /// <summary>Header protection key length for AES-128 (RFC 9001 §5.4.3).</summary>
    public const int HeaderKeyLength = 16;

    /// <summary>SHA-256 output: the length of the initial and traffic secrets.</summary>
    public const int SecretLength = 32;

    private const int MaxLabelInfoLength = 2 + 1 + 255 + 1;

    /// <summary>RFC 9001 §5.2.</summary>
    private static ReadOnlySpan<byte> SaltV1 =>
    [
        0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
        0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a,
    ];

    /// <summary>RFC 9369 §3.3.1.</summary>
    private static ReadOnlySpan<byte> SaltV2 =>
    [
        0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93,
        0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9,
    ];

    /// <summary>The client's or the server's Initial traffic secret.</summary>
    /// <param name="version">A supported version (<see cref="QuicVersion.IsSupported"/>).</param>
    /// <param name="clientDestinationConnectionId">The DCID of the client's first Initial.</param>
    /// <param name="server">True for the secret that protects the server's Initials.</param>
    /// <param name="secret">Receives <see cref="SecretLength"/> bytes.</param>
    /// <exception cref="ArgumentOutOfRangeException">The version is not supported.</exception>
    public static void DeriveTrafficSecret(uint version, ReadOnlySpan<byte> clientDestinationConnectionId, bool server, Span<byte> secret)
    {
        Span<byte> initialSecret = stackalloc byte[SecretLength];
        HKDF.Extract(HashAlgorithmName.SHA256, clientDestinationConnectionId, Salt(version), initialSecret);
        ExpandLabel(initialSecret, server ? "server in"u8 : "client in"u8, secret[..SecretLength]);
        CryptographicOperations.ZeroMemory(initialSecret);
    }

    /// <summary>The AEAD key, IV and header protection key of one direction.</summary>
    /// <param name="version">A supported version.</param>
    /// <param name="clientDestinationConnectionId">The DCID of the client's first Initial.</param>
    /// <param name="server">True for the server's direction.</param>
    /// <param name="key">Receives <see cref="KeyLength"/> bytes.</param>
    /// <param name="iv">Receives <see cref="IvLength"/> bytes.</param>
    /// <param name="headerKey">Receives <see cref="HeaderKeyLength"/> bytes.</param>
    public static void DeriveKeys(uint version, ReadOnlySpan<byte> clientDestinationConnectionId, bool server, Span<byte> key, Span<byte> iv, Span<byte> headerKey)
    {
        Span<byte> secret = stackalloc byte[SecretLength];
        DeriveTrafficSecret(version, clientDestinationConnectionId, server, secret);
        bool v2 = version == QuicVersion.Version2;
        ExpandLabel(secret, v2 ? "quicv2 key"u8 : "quic key"u8, key[..KeyLength]);
        ExpandLabel(secret, v2 ? "quicv2 iv"u8 : "quic iv"u8, iv[..IvLength]);
        ExpandLabel(secret, v2 ? "quicv2 hp"u8 : "quic hp"u8, headerKey[..HeaderKeyLength]);
        CryptographicOperations.ZeroMemory(secret);
    }

    /// <summary>HKDF-Expand-Label with an empty context (RFC 8446 §7.1): the label is prefixed with "tls13 ".</summary>
    internal static void ExpandLabel(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> label, Span<byte> output)
    {
        ReadOnlySpan<byte> prefix = "tls13 "u8;
        Span<byte> info = stackalloc byte[MaxLabelInfoLength];
        BinaryPrimitives.WriteUInt16BigEndian(info, (ushort)output.Length);
        info[2] = (byte)(prefix.Length + label.Length);
        prefix.CopyTo(info[3..]);
        label.CopyTo(info[(3 + prefix.Length)..]);
        int length = 3 + prefix.Length + label.Length;
        info[length++] = 0;   // empty context
        HKDF.Expand(HashAlgorithmName.SHA256, secret, output, info[..length]);
    }

    private static ReadOnlySpan<byte> Salt(uint version) => version switch
    {
        QuicVersion.Version1 => SaltV1,
        QuicVersion.Version2 => SaltV2,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "not a supported QUIC version"),
    };
}
