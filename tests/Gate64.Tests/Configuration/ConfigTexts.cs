using Gate64.Configuration;

namespace Gate64.Tests.Configuration;

/// <summary>Configuration files for the tests, all on documentation prefixes.</summary>
internal static class ConfigTexts
{
    public const string FileName = "gate64.toml";

    /// <summary>DNS64 and the ingress sharing one resolver, NAT64 and BGP: every service, valid.</summary>
    public const string AllServices = """
        [resolver]
        upstream = ["[2001:db8:53::1]:53"]

        [dns64]
        listen = ["[2001:db8:100::53]:53"]
        allow = ["2001:db8:200::/40"]

        [ingress]
        listen = ["192.0.2.10:443", "192.0.2.10:8080=80"]
        permit = ["2001:db8:200::/40", "2001:db8:300::/48=proxy-v2"]

        [nat64]
        tun = "nat64"
        prefix = "2001:db8:64::/96"
        pool4 = "203.0.113.0/28"
        allow = ["2001:db8:200::/40"]

        [bgp]
        local-as = 4200000001
        router-id = "198.51.100.2"

        [[bgp.neighbor]]
        address = "2001:db8:ff::1"
        as = 65001
        """;

    /// <summary>DNS64 alone, with its ACL and exclusions given by the caller.</summary>
    public static string Dns64Only(string allow, string exclude = "\"::ffff:0:0/96\"", string listen = "127.0.0.1:15353") => $"""
        [resolver]
        upstream = ["127.0.0.1:5399"]

        [dns64]
        listen = ["{listen}"]
        prefix = "2001:db8:64::/96"
        allow = [{allow}]
        exclude = [{exclude}]
        """;

    public static Gate64ConfigResult Parse(string text) => Gate64ConfigReader.Parse(text, FileName);

    public static Gate64Config Valid(string text)
    {
        Gate64ConfigResult result = Parse(text);
        Assert.True(result.Config is not null, string.Join(Environment.NewLine, result.Errors));
        return result.Config;
    }

    /// <summary>The errors as the operator reads them.</summary>
    public static string[] Errors(string text) => [.. Parse(text).Errors.Select(error => error.ToString())];

    public static T Build<T>(Action<T>? populate)
        where T : new()
    {
        Assert.NotNull(populate);
        T options = new();
        populate(options);
        return options;
    }
}
