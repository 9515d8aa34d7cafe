using Gate64.Protocols.Quic;
using static Gate64.Protocols.Tests.Quic.QuicTestVectors;

namespace Gate64.Protocols.Tests.Quic;

/// <summary>The key schedule against RFC 9001 §A.1 and RFC 9369 §A.1.</summary>
public class QuicInitialSecretsTests
{
    [Theory]
    [InlineData(QuicVersion.Version1, false, "c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea")]
    [InlineData(QuicVersion.Version1, true, "3c199828fd139efd216c155ad844cc81fb82fa8d7446fa7d78be803acdda951b")]
    [InlineData(QuicVersion.Version2, false, "14ec9d6eb9fd7af83bf5a668bc17a7e283766aade7ecd0891f70f9ff7f4bf47b")]
    [InlineData(QuicVersion.Version2, true, "0263db1782731bf4588e7e4d93b7463907cb8cd8200b5da55a8bd488eafc37c1")]
    public void DeriveTrafficSecret_RfcSample_Matches(uint version, bool server, string expected)
    {
        byte[] secret = new byte[QuicInitialSecrets.SecretLength];
        QuicInitialSecrets.DeriveTrafficSecret(version, Dcid, server, secret);
        Assert.Equal(expected, Convert.ToHexStringLower(secret));
    }

    [Theory]
    [InlineData(QuicVersion.Version1, false, "1f369613dd76d5467730efcbe3b1a22d", "fa044b2f42a3fd3b46fb255c", "9f50449e04a0e810283a1e9933adedd2")]
    [InlineData(QuicVersion.Version1, true, "cf3a5331653c364c88f0f379b6067e37", "0ac1493ca1905853b0bba03e", "c206b8d9b9f0f37644430b490eeaa314")]
    [InlineData(QuicVersion.Version2, false, "8b1a0bc121284290a29e0971b5cd045d", "91f73e2351d8fa91660e909f", "45b95e15235d6f45a6b19cbcb0294ba9")]
    [InlineData(QuicVersion.Version2, true, "82db637861d55e1d011f19ea71d5d2a7", "dd13c276499c0249d3310652", "edf6d05c83121201b436e16877593c3a")]
    public void DeriveKeys_RfcSample_Matches(uint version, bool server, string key, string iv, string hp)
    {
        byte[] keyBytes = new byte[QuicInitialSecrets.KeyLength];
        byte[] ivBytes = new byte[QuicInitialSecrets.IvLength];
        byte[] hpBytes = new byte[QuicInitialSecrets.HeaderKeyLength];
        QuicInitialSecrets.DeriveKeys(version, Dcid, server, keyBytes, ivBytes, hpBytes);

        Assert.Equal(key, Convert.ToHexStringLower(keyBytes));
        Assert.Equal(iv, Convert.ToHexStringLower(ivBytes));
        Assert.Equal(hp, Convert.ToHexStringLower(hpBytes));
    }

    [Fact]
    public void DeriveKeys_UnknownVersion_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => QuicInitialSecrets.DeriveTrafficSecret(0xff00001d, Dcid, false, new byte[32]));
    }
}
