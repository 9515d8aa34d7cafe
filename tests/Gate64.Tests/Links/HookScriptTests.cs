using System.Runtime.Versioning;
using Gate64.Testing;

namespace Gate64.Tests.Links;

/// <summary>
/// The Bastille and iocage hooks, run by /bin/sh with a fake <c>gate64</c> first on PATH that writes the arguments
/// it got, one per line, to a file.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class HookScriptTests : IDisposable
{
    private const string Bastille = "deploy/bastille/gate64-link-hook";
    private const string Iocage = "deploy/iocage/gate64-link-hook";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _directory = TempDirectory.Create("link-hooks");

    public HookScriptTests()
    {
        Directory.CreateDirectory(_directory.Combine("bin"));
        Directory.CreateDirectory(_directory.Combine("links"));
        string fake = _directory.Combine("bin/gate64");
        File.WriteAllText(fake, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$GATE64_ARGV\"\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(Bastille)]
    [InlineData(Iocage)]
    public async Task Script_IsValidPosixShell(string script)
    {
        ChildProcessResult result = await ChildProcess.RunAsync(Shell(), ["-n", RepositoryFiles.Path(script)], s_timeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("#!/bin/sh\n", File.ReadAllText(RepositoryFiles.Path(script)), StringComparison.Ordinal);
        Assert.Contains("\nset -eu\n", File.ReadAllText(RepositoryFiles.Path(script)), StringComparison.Ordinal);
        Assert.True((File.GetUnixFileMode(RepositoryFiles.Path(script)) & UnixFileMode.UserExecute) != 0, $"{script} is not executable");
    }

    [Fact]
    public async Task Bastille_Up_PassesTheJailAndItsAddresses()
    {
        WriteConf("web", "IPV6=2001:db8:10::10\nIPV4=192.0.2.10\n");

        (int exitCode, string[] argv, string error) = await RunAsync(Bastille, ["up", "web"]);

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        Assert.Equal(["link", "up", "g64-web", "--jail", "web", "--ipv6", "2001:db8:10::10", "--ipv4", "192.0.2.10"], argv);
    }

    [Fact]
    public async Task Bastille_Up_Ipv6OnlyQuotedBlanksCommentsAndAName()
    {
        WriteConf("web", "# the web jail\n  IPV6 = \"2001:db8:10::10\"  \nNAME='gw-web'\n");

        (int exitCode, string[] argv, _) = await RunAsync(Bastille, ["up", "web"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(["link", "up", "gw-web", "--jail", "web", "--ipv6", "2001:db8:10::10"], argv);
    }

    [Fact]
    public async Task Bastille_Down_NeedsOnlyTheName()
    {
        (int exitCode, string[] argv, _) = await RunAsync(Bastille, ["down", "web"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(["link", "down", "g64-web"], argv);
    }

    [Fact]
    public async Task Bastille_Down_UsesTheConfiguredName()
    {
        WriteConf("web", "IPV6=2001:db8:10::10\nNAME=gw7\n");

        (_, string[] argv, _) = await RunAsync(Bastille, ["down", "web"]);

        Assert.Equal(["link", "down", "gw7"], argv);
    }

    [Fact]
    public async Task Iocage_Up_UsesTheJail8Name()
    {
        WriteConf("my.web", "IPV6=2001:db8:10::10\nIPV4=192.0.2.10\nNAME=g64-myweb\n");

        (int exitCode, string[] argv, _) = await RunAsync(Iocage, ["up", "my.web"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(["link", "up", "g64-myweb", "--jail", "ioc-my_web", "--ipv6", "2001:db8:10::10", "--ipv4", "192.0.2.10"], argv);
    }

    [Fact]
    public async Task Iocage_WithoutJail_TakesItFromIocageName()
    {
        WriteConf("web", "IPV6=2001:db8:10::10\n");

        (int exitCode, string[] argv, _) = await RunAsync(Iocage, ["up"], new Dictionary<string, string?> { ["IOCAGE_NAME"] = "ioc-web" });

        Assert.Equal(0, exitCode);
        Assert.Equal(["link", "up", "g64-web", "--jail", "ioc-web", "--ipv6", "2001:db8:10::10"], argv);
    }

    [Fact]
    public async Task Iocage_Down_NeedsOnlyTheName()
    {
        (int exitCode, string[] argv, _) = await RunAsync(Iocage, ["down", "web"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(["link", "down", "g64-web"], argv);
    }

    [Theory]
    [InlineData(Bastille, new[] { "up", "web" }, "", "web.conf is missing")]
    [InlineData(Iocage, new[] { "up", "web" }, "", "web.conf is missing")]
    [InlineData(Bastille, new[] { "up", "web" }, "IPV4=192.0.2.10\n", "has no IPV6= line")]
    [InlineData(Bastille, new[] { "up", "averyveryverylongjail" }, "IPV6=2001:db8::1\n", "longer than 15 characters: set NAME=")]
    [InlineData(Bastille, new[] { "up", "../etc" }, "", "is not a jail name")]
    [InlineData(Iocage, new[] { "down", "a/b" }, "", "is not a jail name")]
    [InlineData(Bastille, new[] { "down", "-rf" }, "", "is not a jail name")]
    [InlineData(Iocage, new[] { "up" }, "", "IOCAGE_NAME is not set")]
    public async Task Problems_FailWithoutCallingGate64(string script, string[] arguments, string conf, string expected)
    {
        if (conf.Length > 0)
        {
            WriteConf(arguments[^1], conf);
        }

        (int exitCode, string[] argv, string error) = await RunAsync(script, arguments);

        Assert.Equal(1, exitCode);
        Assert.Empty(argv);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Bastille, new string[0])]
    [InlineData(Bastille, new[] { "restart", "web" })]
    [InlineData(Iocage, new[] { "up", "web", "extra" })]
    public async Task Usage_IsExit2(string script, string[] arguments)
    {
        (int exitCode, string[] argv, string error) = await RunAsync(script, arguments);

        Assert.Equal(2, exitCode);
        Assert.Empty(argv);
        Assert.Contains("usage: gate64-link-hook up|down", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate64Failure_IsTheHooksFailure()
    {
        string failing = _directory.Combine("bin/gate64");
        File.WriteAllText(failing, "#!/bin/sh\necho 'gate64: link g64-web: boom' >&2\nexit 1\n");
        WriteConf("web", "IPV6=2001:db8:10::10\n");

        (int exitCode, _, string error) = await RunAsync(Bastille, ["up", "web"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("boom", error, StringComparison.Ordinal);
    }

    private void WriteConf(string jail, string text)
    {
        if (!jail.Contains('/', StringComparison.Ordinal) && !jail.StartsWith('.'))
        {
            File.WriteAllText(_directory.Combine($"links/{jail}.conf"), text);
        }
    }

    private async Task<(int ExitCode, string[] Argv, string Error)> RunAsync(string script, string[] arguments, Dictionary<string, string?>? extra = null)
    {
        string argvFile = _directory.Combine("argv");
        File.Delete(argvFile);
        Dictionary<string, string?> environment = new(extra ?? [])
        {
            ["PATH"] = $"{_directory.Combine("bin")}:/usr/bin:/bin",
            ["GATE64_LINKS_DIR"] = _directory.Combine("links"),
            ["GATE64_ARGV"] = argvFile,
        };
        if (!environment.ContainsKey("IOCAGE_NAME"))
        {
            environment["IOCAGE_NAME"] = null;
        }
        ChildProcessResult result = await ChildProcess.RunAsync(
            Shell(), [RepositoryFiles.Path(script), .. arguments], s_timeout, new ChildProcessOptions { Environment = environment });
        string[] argv = File.Exists(argvFile) ? File.ReadAllLines(argvFile) : [];
        return (result.ExitCode, argv, result.StandardError);
    }

    private static string Shell() => RequiredTool.Find("/bin/sh");
}
