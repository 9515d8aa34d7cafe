using Gate64.Links;

namespace Gate64.Tests.Links;

public class PlanVariablesTests
{
    private static readonly Dictionary<string, string> s_values = new() { ["EPAIR"] = "epair12a" };

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("${EPAIR}", "epair12a")]
    [InlineData("${EPAIR%a}b", "epair12b")]
    [InlineData("fe80::2%${EPAIR%a}b", "fe80::2%epair12b")]
    [InlineData("${EPAIR%x}", "epair12a")]
    [InlineData("${EPAIR}-${EPAIR}", "epair12a-epair12a")]
    public void TryExpand_KnownVariables_AreReplaced(string argument, string expected)
    {
        Assert.True(PlanVariables.TryExpand(argument, s_values, out string? expanded, out _));

        Assert.Equal(expected, expanded);
    }

    [Theory]
    [InlineData("${OTHER}")]
    [InlineData("${EPAIR")]
    [InlineData("${lower}")]
    [InlineData("${}")]
    public void TryExpand_UnknownOrBroken_IsAnError(string argument)
    {
        Assert.False(PlanVariables.TryExpand(argument, s_values, out _, out string? error));

        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("epair0a", true)]
    [InlineData("gw.10", true)]
    [InlineData("", false)]
    [InlineData("-x", false)]
    [InlineData("a b", false)]
    [InlineData("a\nb", false)]
    public void IsSafeValue_OnlyNames(string value, bool safe)
    {
        Assert.Equal(safe, PlanVariables.IsSafeValue(value));
    }
}
