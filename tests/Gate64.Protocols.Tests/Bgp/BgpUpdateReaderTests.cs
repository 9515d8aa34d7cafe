using Gate64.Protocols.Bgp;
using static Gate64.Protocols.Tests.Bgp.BgpTestData;

namespace Gate64.Protocols.Tests.Bgp;

public class BgpUpdateReaderTests
{
    // Well-formed attribute snippets: ORIGIN IGP, AS_PATH [65000], NEXT_HOP 10.255.0.1.
    private const string Origin = "40010100";
    private const string AsPath = "40020602010000fde8";
    private const string NextHop = "4003040aff0001";
    private const string Base4 = Origin + AsPath + NextHop;
    private const string Nlri4 = "18c63364";
    private const string MpReach6 = "800e1c 0002 01 10 20010db8000000000000000000000001 00 3020010db8ffff";

    [Fact]
    public void Parse_BirdIpv4Update_OneAnnounced()
    {
        BgpUpdateParseResult result = BgpUpdateReader.Parse(Hex(BirdUpdate4));

        Assert.Equal(BgpUpdateOutcome.Valid, result.Outcome);
        Assert.Equal((1, 0, 0, 0), Counts(result));
        Assert.Null(result.Error);
        Assert.Null(result.Problem);
    }

    [Fact]
    public void Parse_BirdIpv6Update_ExtendedLengthMpReachFirst()
    {
        BgpUpdateParseResult result = BgpUpdateReader.Parse(Hex(BirdUpdate6));

        Assert.Equal(BgpUpdateOutcome.Valid, result.Outcome);
        Assert.Equal((0, 0, 1, 0), Counts(result));
    }

    [Theory]
    [MemberData(nameof(UpdateVectors), MemberType = typeof(BgpTestData))]
    public void Parse_EveryVector_NotAnError(string hex)
    {
        BgpUpdateParseResult result = BgpUpdateReader.Parse(Hex(hex));

        Assert.True(result.Outcome is BgpUpdateOutcome.Valid or BgpUpdateOutcome.EndOfRib, $"{result.Outcome}: {result.Problem}");
        Assert.Null(result.Error);
    }

    [Fact]
    public void Parse_SpeakerVectors_CountsPerFamily()
    {
        Assert.Equal((1, 0, 0, 0), Counts(BgpUpdateReader.Parse(Hex(LabAnnounce4))));
        Assert.Equal((0, 0, 1, 0), Counts(BgpUpdateReader.Parse(Hex(LabAnnounce6Long))));
        Assert.Equal((0, 0, 1, 0), Counts(BgpUpdateReader.Parse(Hex(LabAnnounce6Short))));
        Assert.Equal((0, 1, 0, 0), Counts(BgpUpdateReader.Parse(Hex(Withdraw4))));
        Assert.Equal((0, 0, 0, 1), Counts(BgpUpdateReader.Parse(Hex(Withdraw6))));
    }

    [Fact]
    public void Parse_EndOfRibMarkers_FamilyReported()
    {
        BgpUpdateParseResult v4 = BgpUpdateReader.Parse(Hex(EndOfRib4));
        BgpUpdateParseResult v6 = BgpUpdateReader.Parse(Hex(EndOfRib6));

        Assert.Equal((BgpUpdateOutcome.EndOfRib, BgpAddressFamily.Ipv4Unicast), (v4.Outcome, v4.EndOfRibFamily));
        Assert.Equal((BgpUpdateOutcome.EndOfRib, BgpAddressFamily.Ipv6Unicast), (v6.Outcome, v6.EndOfRibFamily));
    }

    [Fact]
    public void Parse_EmptyMpUnreachWithAnotherAttribute_NotEndOfRib()
    {
        BgpUpdateParseResult result = BgpUpdateReader.Parse(Update("", "800f03000201" + "c0080400010002"));

        Assert.Equal(BgpUpdateOutcome.Valid, result.Outcome);
        Assert.Null(result.EndOfRibFamily);
    }

    [Theory]
    [InlineData("fd00:255::1 + LL", "20 fd000255000000000000000000000001 fe80000000000000881ad0fffe79bc06")]
    [InlineData(":: + LL", "20 00000000000000000000000000000000 fe80000000000000881ad0fffe79bc06")]
    [InlineData("LL + LL", "20 fe80000000000000881ad0fffe79bc06 fe80000000000000881ad0fffe79bc06")]
    [InlineData("LL only", "10 fe80000000000000881ad0fffe79bc06")]
    [InlineData("global only", "10 20010db8000000000000000000000001")]
    public void Parse_Ipv6NextHopShapes_Accepted(string shape, string nextHop)
    {
        string value = "0002 01 " + nextHop + " 00 3020010db8ffff";
        int length = Hex(value).Length;
        byte[] message = Update("", $"800e{length:x2}{value}" + Origin + AsPath);

        BgpUpdateParseResult result = BgpUpdateReader.Parse(message);

        Assert.True(result.Outcome == BgpUpdateOutcome.Valid, $"{shape}: {result.Problem}");
        Assert.Equal(1, result.Ipv6Announced);
    }

    [Fact]
    public void Parse_Ipv4InMpReach_Counted()
    {
        BgpUpdateParseResult result = BgpUpdateReader.Parse(Update("", "800e11 0001 01 04 c0000201 00 18c63364 18c63365" + Origin + AsPath));

        Assert.Equal(BgpUpdateOutcome.Valid, result.Outcome);
        Assert.Equal(2, result.Ipv4Announced);
    }

    [Theory]
    [InlineData("bad ORIGIN value", "40010103" + AsPath + NextHop)]
    [InlineData("ORIGIN of 2 bytes", "4001020000" + AsPath + NextHop)]
    [InlineData("ORIGIN flagged optional", "c0010100" + AsPath + NextHop)]
    [InlineData("AS_PATH segment overruns", Origin + "40020602020000fde8" + NextHop)]
    [InlineData("AS_PATH segment type 0", Origin + "40020600010000fde8" + NextHop)]
    [InlineData("AS_PATH empty segment", Origin + "4002020200" + NextHop)]
    [InlineData("AS_PATH 2-byte ASNs", Origin + "400204 0201fde8" + NextHop)]
    [InlineData("NEXT_HOP of 5 bytes", Origin + AsPath + "4003050aff000100")]
    [InlineData("NEXT_HOP missing", Origin + AsPath)]
    [InlineData("ORIGIN missing", AsPath + NextHop)]
    [InlineData("AS_PATH missing", Origin + NextHop)]
    [InlineData("MED of 2 bytes", Base4 + "80040200ff")]
    [InlineData("LOCAL_PREF of 3 bytes", Base4 + "400503000064")]
    [InlineData("COMMUNITIES of 3 bytes", Base4 + "c00803000102")]
    [InlineData("COMMUNITIES empty", Base4 + "c00800")]
    [InlineData("COMMUNITIES flagged well-known", Base4 + "400804fde90064")]
    [InlineData("LARGE_COMMUNITY of 8 bytes", Base4 + "c020080000fde900000001")]
    [InlineData("extended communities of 7 bytes", Base4 + "c0100700020000000000")]
    [InlineData("CLUSTER_LIST of 2 bytes", Base4 + "800a020102")]
    [InlineData("attribute overruns the field", Base4 + "c00808fde90064")]
    [InlineData("two bytes left in the field", Base4 + "c008")]
    [InlineData("extended flag with three bytes left", Base4 + "d00800")]
    public void Parse_MalformedAttribute_TreatAsWithdraw(string reason, string attributes)
    {
        BgpUpdateParseResult result = BgpUpdateReader.Parse(Update("", attributes, Nlri4));

        Assert.True(result.Outcome == BgpUpdateOutcome.TreatAsWithdraw, $"{reason}: {result.Outcome} {result.Problem}");
        Assert.NotNull(result.Problem);
        Assert.Null(result.Error);
        Assert.Equal(1, result.Ipv4Announced);
    }

    [Theory]
    [InlineData("repeated ORIGIN", Base4 + "40010101")]
    [InlineData("repeated COMMUNITIES", Base4 + "c00804fde90064 c00804fde90065")]
    [InlineData("ATOMIC_AGGREGATE with a value", Base4 + "40060100")]
    [InlineData("AGGREGATOR of 6 bytes", Base4 + "c00706fde80aff0001")]
    public void Parse_DiscardableAttribute_ValidWithANote(string reason, string attributes)
    {
        BgpUpdateParseResult result = BgpUpdateReader.Parse(Update("", attributes, Nlri4));

        Assert.True(result.Outcome == BgpUpdateOutcome.Valid, $"{reason}: {result.Outcome} {result.Problem}");
        Assert.NotNull(result.Problem);
    }

    [Theory]
    [InlineData("unknown optional transitive", Base4 + "c0630401020304")]
    [InlineData("unknown optional non-transitive, extended", Base4 + "90fe0002abcd")]
    [InlineData("AS4_PATH from a new speaker", Base4 + "c0110602010000fde8")]
    [InlineData("ATOMIC_AGGREGATE and AGGREGATOR", Base4 + "400600 c00708 0000fde8 0aff0001")]
    [InlineData("partial bit on an optional transitive", Base4 + "e00804fde90064")]
    public void Parse_AttributesWeDoNotUse_Valid(string reason, string attributes)
    {
        BgpUpdateParseResult result = BgpUpdateReader.Parse(Update("", attributes, Nlri4));

        Assert.True(result.Outcome == BgpUpdateOutcome.Valid, $"{reason}: {result.Outcome} {result.Problem}");
        Assert.Null(result.Problem);
    }

    [Theory]
    [InlineData("repeated MP_REACH", MpReach6 + MpReach6 + Origin + AsPath, "", 3, 1)]
    [InlineData("repeated MP_UNREACH", "800f03000201 800f03000201", "", 3, 1)]
    [InlineData("unknown well-known attribute", Base4 + "40630100", Nlri4, 3, 2)]
    [InlineData("IPv6 next hop of 15 bytes", "800e1b 0002 01 0f 20010db80000000000000000000000 00 3020010db8ffff" + Origin + AsPath, "", 3, 9)]
    [InlineData("next hop longer than the attribute", "800e05 0002 01 10 00" + Origin + AsPath, "", 3, 9)]
    [InlineData("MP_REACH of 4 bytes", "800e04 00020110" + Origin + AsPath, "", 3, 9)]
    [InlineData("MP_REACH prefix of 129 bits", "800e17 0002 01 10 20010db8000000000000000000000001 00 81ff" + Origin + AsPath, "", 3, 9)]
    [InlineData("MP_UNREACH of 2 bytes", "800f020002", "", 3, 9)]
    [InlineData("MP_UNREACH prefix overruns", "800f05000201 30 20", "", 3, 9)]
    public void Parse_Unrecoverable_SessionReset(string reason, string attributes, string nlri, byte code, byte subcode)
    {
        BgpUpdateParseResult result = BgpUpdateReader.Parse(Update("", attributes, nlri));

        Assert.True(result.Outcome == BgpUpdateOutcome.SessionReset, $"{reason}: {result.Outcome} {result.Problem}");
        Assert.Equal((code, subcode), (result.Error!.Code, result.Error.Subcode));
        Assert.NotNull(result.Problem);
    }

    [Fact]
    public void Parse_UnknownWellKnown_NotificationCarriesTheAttribute()
    {
        BgpUpdateParseResult result = BgpUpdateReader.Parse(Update("", Base4 + "40630100", Nlri4));

        Assert.Equal(Hex("40630100"), result.Error!.Data.ToArray());
    }

    [Fact]
    public void Parse_NlriPrefixTooLong_InvalidNetworkField()
    {
        BgpUpdateParseResult result = BgpUpdateReader.Parse(Update("", Base4, "21c000020a00"));

        Assert.Equal(BgpUpdateOutcome.SessionReset, result.Outcome);
        Assert.Equal((3, 10), (result.Error!.Code, result.Error.Subcode));
    }

    [Fact]
    public void Parse_NlriEndingMidPrefix_InvalidNetworkField()
    {
        BgpUpdateParseResult result = BgpUpdateReader.Parse(Update("", Base4, "18c633"));

        Assert.Equal((3, 10), (result.Error!.Code, result.Error.Subcode));
    }

    [Fact]
    public void Parse_WithdrawnPrefixMalformed_MalformedAttributeList()
    {
        BgpUpdateParseResult result = BgpUpdateReader.Parse(Update("21c000020a00", ""));

        Assert.Equal((3, 1), (result.Error!.Code, result.Error.Subcode));
    }

    [Fact]
    public void Parse_WithdrawnLengthOverrunsMessage_MalformedAttributeList()
    {
        byte[] message = Hex(Withdraw4);
        message[20] = 0x09;   // withdrawn routes length 9 of a 9-byte body

        BgpUpdateParseResult result = BgpUpdateReader.Parse(message);

        Assert.Equal(BgpUpdateOutcome.SessionReset, result.Outcome);
        Assert.Equal((3, 1), (result.Error!.Code, result.Error.Subcode));
    }

    [Fact]
    public void Parse_AttributeLengthOverrunsMessage_MalformedAttributeList()
    {
        byte[] message = Hex(BirdUpdate4);
        message[22] = 0x30;

        BgpUpdateParseResult result = BgpUpdateReader.Parse(message);

        Assert.Equal((3, 1), (result.Error!.Code, result.Error.Subcode));
    }

    [Fact]
    public void Parse_NotAnUpdate_HeaderError()
    {
        BgpUpdateParseResult result = BgpUpdateReader.Parse(Hex(Keepalive));

        Assert.Equal(BgpUpdateOutcome.SessionReset, result.Outcome);
        Assert.Equal((1, 3), (result.Error!.Code, result.Error.Subcode));
    }

    [Fact]
    public void Parse_WithdrawOnlyWithMalformedAttributes_StillCountsWithdrawals()
    {
        BgpUpdateParseResult result = BgpUpdateReader.Parse(Update("20c000020a", "c00803000102"));

        Assert.Equal(BgpUpdateOutcome.TreatAsWithdraw, result.Outcome);
        Assert.Equal(1, result.Ipv4Withdrawn);
    }

    [Fact]
    public void Parse_MultipleProblems_ResetWinsOverTreatAsWithdraw()
    {
        BgpUpdateParseResult result = BgpUpdateReader.Parse(Update("", "40010103" + AsPath + NextHop + "40630100", Nlri4));

        Assert.Equal(BgpUpdateOutcome.SessionReset, result.Outcome);
    }

    [Fact]
    public void Parse_OtherFamilies_ValidButNotCounted()
    {
        // IPv4 multicast and a VPN SAFI (128) whose NLRI we do not parse.
        BgpUpdateParseResult result = BgpUpdateReader.Parse(Update("", "800e11 0001 02 04 c0000201 00 18c63364 18c63365" + Origin + AsPath));
        BgpUpdateParseResult vpn = BgpUpdateReader.Parse(Update("", "800f06 0001 80 ffffff" + ""));

        Assert.Equal(BgpUpdateOutcome.Valid, result.Outcome);
        Assert.Equal((0, 0, 0, 0), Counts(result));
        Assert.Equal(BgpUpdateOutcome.Valid, vpn.Outcome);
    }

    [Fact]
    public void Parse_WellFormedUpdate_DoesNotAllocate()
    {
        byte[] message = Hex(BirdUpdate6);
        byte[] withMalformed = Update("", Base4 + "40010101" + "c00803000102", Nlri4);
        BgpUpdateReader.Parse(message);
        BgpUpdateReader.Parse(withMalformed);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            BgpUpdateReader.Parse(message);
            BgpUpdateReader.Parse(withMalformed);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static (int, int, int, int) Counts(BgpUpdateParseResult result) =>
        (result.Ipv4Announced, result.Ipv4Withdrawn, result.Ipv6Announced, result.Ipv6Withdrawn);
}
