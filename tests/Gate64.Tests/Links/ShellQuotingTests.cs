using Gate64.Links;

namespace Gate64.Tests.Links;

public class ShellQuotingTests
{
    [Theory]
    [InlineData("gw0", "gw0")]
    [InlineData("fe80::ecee:eeff:feee:eeee/64", "fe80::ecee:eeff:feee:eeee/64")]
    [InlineData("net.ipv4.conf.gw/10.proxy_arp=1", "net.ipv4.conf.gw/10.proxy_arp=1")]
    [InlineData("", "''")]
    [InlineData("a b", "'a b'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$HOME", "'$HOME'")]
    [InlineData("a;b", "'a;b'")]
    [InlineData("~root", "'~root'")]
    [InlineData("${EPAIR}", "\"${EPAIR}\"")]
    [InlineData("fe80::2%${EPAIR%a}b", "\"fe80::2%${EPAIR%a}b\"")]
    [InlineData("a\"$`\\${X}", "\"a\\\"\\$\\`\\\\${X}\"")]
    public void Quote_Argument_IsShellText(string argument, string expected)
    {
        Assert.Equal(expected, ShellQuoting.Quote(argument));
    }

    [Fact]
    public void PlanStep_WithCapture_IsAnAssignment()
    {
        PlanStep step = new(ArgumentVector.Of("ifconfig", "epair", "create"), CaptureAs: "EPAIR");

        Assert.Equal("EPAIR=$(ifconfig epair create)", step.ToString());
    }
}
