using Gate64.Protocols.Dns;

namespace Gate64.Protocols.Tests.Dns;

public class DnsNameTests
{
    [Theory]
    [InlineData("www.example.org", "www.example.org.", 3)]
    [InlineData("www.example.org.", "www.example.org.", 3)]
    [InlineData(".", ".", 0)]
    [InlineData("a", "a.", 1)]
    [InlineData("a\\.b.example", "a\\.b.example.", 2)]
    [InlineData("\\065bc.org", "Abc.org.", 2)]
    [InlineData("sp\\032ace.org", "sp\\032ace.org.", 2)]
    [InlineData("back\\\\slash.org", "back\\\\slash.org.", 2)]
    [InlineData("\\000\\255.org", "\\000\\255.org.", 2)]
    [InlineData("\\_sip._udp.example", "_sip._udp.example.", 3)]
    public void TryParse_ValidText_RoundTripsThroughToString(string text, string expected, int labels)
    {
        Assert.True(DnsName.TryParse(text, out DnsName? name));
        Assert.Equal(expected, name.ToString());
        Assert.Equal(labels, name.LabelCount);
        Assert.True(DnsName.TryParse(name.ToString(), out DnsName? again));
        Assert.True(name.Wire.SequenceEqual(again.Wire));
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData(".example")]
    [InlineData("a..b")]
    [InlineData("example..")]
    [InlineData("trailing\\")]
    [InlineData("short\\25")]
    [InlineData("big\\256")]
    [InlineData("sp ace")]
    [InlineData("caf\u00e9.fr")]
    [InlineData("tab\t.org")]
    public void TryParse_InvalidText_ReturnsFalse(string text)
    {
        Assert.False(DnsName.TryParse(text, out DnsName? name));
        Assert.Null(name);
    }

    [Fact]
    public void Parse_InvalidText_ThrowsFormatExceptionNamingTheProblem()
    {
        FormatException exception = Assert.Throws<FormatException>(() => DnsName.Parse("a..b"));
        Assert.Contains("empty label", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Example_ProducesWireForm()
    {
        DnsName name = DnsName.Parse("www.Example.org");
        Assert.Equal("03777777074578616d706c65036f726700", Convert.ToHexStringLower(name.Wire));
    }

    [Fact]
    public void TryParse_Label63_Succeeds_Label64_Fails()
    {
        Assert.True(DnsName.TryParse(new string('a', 63) + ".org", out DnsName? name));
        Assert.Equal(63, name.Wire[0]);
        Assert.False(DnsName.TryParse(new string('a', 64) + ".org", out _));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TryParse_Wire255_Succeeds_Wire256_Fails(bool trailingDot)
    {
        // 3 labels of 63 (192 bytes) + 1 label of 61 (62 bytes) + root = 255.
        string label63 = new('a', 63);
        string text255 = $"{label63}.{label63}.{label63}.{new string('b', 61)}" + (trailingDot ? "." : string.Empty);
        Assert.True(DnsName.TryParse(text255, out DnsName? name));
        Assert.Equal(DnsName.MaxLength, name.Wire.Length);

        string text256 = $"{label63}.{label63}.{label63}.{new string('b', 62)}" + (trailingDot ? "." : string.Empty);
        Assert.False(DnsName.TryParse(text256, out _));
    }

    [Fact]
    public void ToString_WithoutTrailingDot_OmitsIt()
    {
        Assert.Equal("www.example.org", DnsName.Parse("www.example.org.").ToString(trailingDot: false));
        Assert.Equal(".", DnsName.Root.ToString(trailingDot: false));
    }

    [Fact]
    public void Equals_DifferentCase_AreEqualWithSameHash()
    {
        DnsName a = DnsName.Parse("WWW.Example.ORG");
        DnsName b = DnsName.Parse("www.example.org.");
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, DnsName.Parse("www.example.com"));
        Assert.True(a != DnsName.Parse("ww.example.org"));
        Assert.False(a.Equals(null));
    }

    [Fact]
    public void EqualsIgnoreCase_NonLetters_AreNotFolded()
    {
        // '@' (0x40) and '`' (0x60) differ only by 0x20 but are not letters.
        Assert.False(DnsName.EqualsIgnoreCase("@"u8, "`"u8));
        Assert.True(DnsName.EqualsIgnoreCase("aZ"u8, "Az"u8));
        Assert.False(DnsName.EqualsIgnoreCase("a"u8, "ab"u8));
    }

    [Theory]
    [InlineData("www.example.org", "example.org", true)]
    [InlineData("www.example.org", "EXAMPLE.org.", true)]
    [InlineData("www.example.org", "www.example.org", true)]
    [InlineData("www.example.org", ".", true)]
    [InlineData(".", ".", true)]
    [InlineData("example.org", "www.example.org", false)]
    [InlineData("aexample.org", "example.org", false)]
    [InlineData("www.example.org", "ample.org", false)]
    [InlineData("example.org", "example.com", false)]
    [InlineData(".", "org", false)]
    public void IsSubdomainOf_Cases_MatchesLabelBoundaries(string name, string ancestor, bool expected)
    {
        Assert.Equal(expected, DnsName.Parse(name).IsSubdomainOf(DnsName.Parse(ancestor)));
    }

    [Fact]
    public void Parent_And_RemoveLeadingLabels_WalkTowardsRoot()
    {
        DnsName name = DnsName.Parse("a.b.c");
        Assert.Equal(DnsName.Parse("b.c"), name.Parent);
        Assert.Equal(DnsName.Parse("c"), name.RemoveLeadingLabels(2));
        Assert.Same(DnsName.Root, name.RemoveLeadingLabels(3));
        Assert.Same(DnsName.Root, DnsName.Root.Parent);
    }

    [Fact]
    public void FromWire_Valid_Succeeds_Invalid_Throws()
    {
        Assert.Equal(DnsName.Parse("ab.c"), DnsName.FromWire([2, (byte)'a', (byte)'b', 1, (byte)'c', 0]));
        Assert.Same(DnsName.Root, DnsName.FromWire([0]));
        Assert.Throws<ArgumentException>(() => DnsName.FromWire([]));
        Assert.Throws<ArgumentException>(() => DnsName.FromWire([1, (byte)'a']));
        Assert.Throws<ArgumentException>(() => DnsName.FromWire([1, (byte)'a', 0, 0]));
        Assert.Throws<ArgumentException>(() => DnsName.FromWire([0xC0, 0x0C]));
        Assert.Throws<ArgumentException>(() => DnsName.FromWire([64, .. new byte[64], 0]));
    }

    /// <summary>
    /// RFC 1035 §4.1.4: F.ISI.ARPA at offset 20, FOO.F.ISI.ARPA at 40 as "FOO" + pointer to 20, and ARPA at 64 as a
    /// pointer to 26.
    /// </summary>
    [Fact]
    public void TryRead_Rfc1035CompressionExample_ExpandsAllThreeNames()
    {
        byte[] message = new byte[66];
        byte[] fIsiArpa = [1, (byte)'F', 3, (byte)'I', (byte)'S', (byte)'I', 4, (byte)'A', (byte)'R', (byte)'P', (byte)'A', 0];
        fIsiArpa.CopyTo(message, 20);
        byte[] foo = [3, (byte)'F', (byte)'O', (byte)'O', 0xC0, 20];
        foo.CopyTo(message, 40);
        message[64] = 0xC0;
        message[65] = 26;

        AssertName(message, 20, "F.ISI.ARPA.", 12);
        AssertName(message, 40, "FOO.F.ISI.ARPA.", 6);
        AssertName(message, 64, "ARPA.", 2);

        static void AssertName(byte[] message, int offset, string expected, int expectedConsumed)
        {
            Span<byte> buffer = stackalloc byte[DnsName.MaxLength];
            Assert.Equal(DnsParseError.None, DnsName.TryRead(message, offset, buffer, out int length, out int consumed));
            Assert.Equal(expectedConsumed, consumed);
            Assert.True(buffer[..length].SequenceEqual(DnsName.Parse(expected).Wire));

            Assert.Equal(DnsParseError.None, DnsName.TryRead(message, offset, out DnsName? name, out consumed));
            Assert.Equal(expected, name!.ToString());
            Assert.Equal(expectedConsumed, consumed);
        }
    }

    public static TheoryData<string, byte[], int, DnsParseError> MalformedNames => new()
    {
        // Twelve header bytes precede every name.
        { "forward pointer", [.. new byte[12], 0xC0, 14, 0], 12, DnsParseError.BadPointer },
        { "pointer to itself", [.. new byte[12], 0xC0, 12], 12, DnsParseError.BadPointer },
        { "two-pointer loop", [.. new byte[12], 0xC0, 14, 0xC0, 12], 14, DnsParseError.BadPointer },
        { "label then pointer back into the same sequence", [.. new byte[12], 1, (byte)'a', 0xC0, 12], 12, DnsParseError.BadPointer },
        { "loop through two sequences", [.. new byte[12], 1, (byte)'a', 0xC0, 16, 0xC0, 12], 16, DnsParseError.BadPointer },
        { "pointer out of range", [.. new byte[12], 0xFF, 0xFF], 12, DnsParseError.BadPointer },
        { "pointer into the header", [.. new byte[12], 1, (byte)'a', 0xC0, 4], 12, DnsParseError.BadPointer },
        { "pointer cut after its first byte", [.. new byte[12], 1, (byte)'a', 0xC0], 12, DnsParseError.Truncated },
        { "label type 01 (length 64)", [.. new byte[12], 0x40, .. new byte[64], 0], 12, DnsParseError.InvalidLabelType },
        { "label type 10", [.. new byte[12], 0x80, 0], 12, DnsParseError.InvalidLabelType },
        { "label runs past the end", [.. new byte[12], 5, (byte)'a', (byte)'b'], 12, DnsParseError.Truncated },
        { "no root byte", [.. new byte[12], 1, (byte)'a'], 12, DnsParseError.Truncated },
        { "offset at the end", [.. new byte[12]], 12, DnsParseError.Truncated },
        { "negative offset", [.. new byte[12]], -1, DnsParseError.Truncated },
    };

    [Theory]
    [MemberData(nameof(MalformedNames))]
    public void TryRead_MalformedName_ReturnsTypedError(string scenario, byte[] message, int offset, DnsParseError expected)
    {
        Span<byte> buffer = stackalloc byte[DnsName.MaxLength];
        Assert.True(expected == DnsName.TryRead(message, offset, buffer, out _, out _), scenario);
        Assert.Equal(expected, DnsName.TryRead(message, offset, out DnsName? name, out _));
        Assert.Null(name);
    }

    [Fact]
    public void TryRead_BackwardPointerChain_Succeeds()
    {
        // 12: "b" root; 15: "a" + pointer to 12; 19: pointer to 15.
        byte[] message = [.. new byte[12], 1, (byte)'b', 0, 1, (byte)'a', 0xC0, 12, 0xC0, 15];
        Assert.Equal(DnsParseError.None, DnsName.TryRead(message, 19, out DnsName? name, out int consumed));
        Assert.Equal("a.b.", name!.ToString());
        Assert.Equal(2, consumed);
    }

    [Fact]
    public void TryRead_Wire255_Succeeds_Wire256_IsNameTooLong()
    {
        byte[] name255 = [.. Label(63), .. Label(63), .. Label(63), .. Label(61), 0];
        Assert.Equal(255, name255.Length);
        Assert.Equal(DnsParseError.None, DnsName.TryRead(name255, 0, out DnsName? name, out int consumed));
        Assert.Equal(255, consumed);
        Assert.Equal(255, name!.Wire.Length);

        byte[] name256 = [.. Label(63), .. Label(63), .. Label(63), .. Label(62), 0];
        Assert.Equal(DnsParseError.NameTooLong, DnsName.TryRead(name256, 0, out _, out _));

        // Over 255 only through compression: a 202-byte name reached by a pointer after a 60-byte label.
        byte[] compressed = [.. new byte[12], .. Label(63), .. Label(63), .. Label(63), .. Label(8), 0, .. Label(59), 0xC0, 12];
        Assert.Equal(DnsParseError.NameTooLong, DnsName.TryRead(compressed, 12 + 202, out _, out _));

        static byte[] Label(int length) => [(byte)length, .. Enumerable.Repeat((byte)'x', length)];
    }

    [Fact]
    public void TryRead_SmallDestination_Throws()
    {
        Assert.Throws<ArgumentException>(() => DnsName.TryRead([0], 0, new byte[10], out _, out _));
    }
}
