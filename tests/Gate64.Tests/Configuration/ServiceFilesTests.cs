using System.Runtime.Versioning;
using Gate64.Testing;
using Gate64.Tests.Links;

namespace Gate64.Tests.Configuration;

/// <summary>
/// The systemd unit (checked by <c>systemd-analyze verify</c>) and the FreeBSD rc.d script (run by
/// /bin/sh over a stand-in rc.subr that prints what the real one would run, and a fake gate64).
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class ServiceFilesTests : IDisposable
{
    private const string Unit = "deploy/systemd/gate64.service";
    private const string RcScript = "deploy/freebsd/gate64";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = TempDirectory.Create("service-files");

    [Fact]
    public async Task SystemdUnit_PassesSystemdAnalyzeVerify()
    {
        // verify also checks that ExecStart's program exists: stand in /bin/true for the binary.
        string unit = _directory.Combine("gate64.service");
        await File.WriteAllTextAsync(unit, (await File.ReadAllTextAsync(RepositoryFiles.Path(Unit))).Replace("/usr/local/bin/gate64", "/bin/true", StringComparison.Ordinal));

        ChildProcessResult result = await ChildProcess.RunAsync(RequiredTool.Find("systemd-analyze"), ["verify", unit], s_timeout);

        Assert.True(result.ExitCode == 0 && result.Output.Trim().Length == 0, result.ToString());
    }

    [Fact]
    public void SystemdUnit_NotifiesReloadsByHupAndHoldsOnlyNetworkCapabilities()
    {
        string[] lines = File.ReadAllLines(RepositoryFiles.Path(Unit));

        Assert.Contains("Type=notify", lines);
        Assert.Contains("ExecStart=/usr/local/bin/gate64 run --config /etc/gate64/gate64.toml", lines);
        Assert.Contains("ExecReload=/bin/kill -HUP $MAINPID", lines);
        Assert.Contains("ExecReload=/usr/local/bin/gate64 run --config /etc/gate64/gate64.toml --check", lines);
        Assert.Contains("AmbientCapabilities=CAP_NET_ADMIN CAP_NET_BIND_SERVICE CAP_NET_RAW", lines);
        Assert.Contains("CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_BIND_SERVICE CAP_NET_RAW", lines);
        Assert.Contains("NoNewPrivileges=yes", lines);
        Assert.Contains("ProtectSystem=strict", lines);
        Assert.Contains("Restart=on-failure", lines);
        Assert.Contains("RestartPreventExitStatus=2", lines);
        Assert.Contains("DeviceAllow=/dev/net/tun rw", lines);
        Assert.DoesNotContain(lines, line => line.StartsWith("MemoryDenyWriteExecute=yes", StringComparison.Ordinal));   // the JIT needs it
    }

    [Fact]
    public async Task RcScript_IsValidShellAndExecutable()
    {
        ChildProcessResult result = await ChildProcess.RunAsync("/bin/sh", ["-n", RepositoryFiles.Path(RcScript)], s_timeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True((File.GetUnixFileMode(RepositoryFiles.Path(RcScript)) & UnixFileMode.UserExecute) != 0, $"{RcScript} is not executable");
    }

    [Fact]
    public async Task RcScript_Start_ChecksTheFileThenRunsGate64UnderDaemon()
    {
        (int exitCode, string output) = await RunRcAsync("start", configValid: true);

        Assert.Equal(0, exitCode);
        Assert.Equal(
            [
                $"gate64 run --config {_directory.Combine("gate64.toml")} --check",
                $"/usr/sbin/daemon -f -p /var/run/gate64.pid -o /var/log/gate64.log {_directory.Combine("bin/gate64")} run --config {_directory.Combine("gate64.toml")}",
            ],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task RcScript_Reload_SendsHupOnlyWhenTheFileIsValid()
    {
        (int validExit, string valid) = await RunRcAsync("reload", configValid: true);
        (int invalidExit, string invalid) = await RunRcAsync("reload", configValid: false);

        Assert.Equal(0, validExit);
        Assert.Equal($"gate64 run --config {_directory.Combine("gate64.toml")} --check\nsignal HUP to pid from /var/run/gate64.pid", valid.Trim());
        Assert.Equal(2, invalidExit);
        Assert.DoesNotContain("signal", invalid, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RcScript_RcvarAndConfigtest_FollowRcConf()
    {
        (int rcvarExit, string rcvar) = await RunRcAsync("rcvar", configValid: true);
        (int testExit, _) = await RunRcAsync("configtest", configValid: false);

        Assert.Equal(0, rcvarExit);
        Assert.Equal("gate64_enable=YES", rcvar.Trim());
        Assert.Equal(2, testExit);
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>Runs the rc.d script with <c>/etc/rc.subr</c> replaced by a stand-in and gate64 by a fake.</summary>
    private async Task<(int ExitCode, string Output)> RunRcAsync(string verb, bool configValid)
    {
        Directory.CreateDirectory(_directory.Combine("bin"));
        string fake = _directory.Combine("bin/gate64");
        // The fake checks like gate64 run --check: exit 2 for the bad file, else 0.
        await File.WriteAllTextAsync(fake, $"#!/bin/sh\necho \"gate64 $*\"\n[ -f {_directory.Combine("bad")} ] && exit 2\nexit 0\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string bad = _directory.Combine("bad");
        if (configValid)
        {
            File.Delete(bad);
        }
        else
        {
            await File.WriteAllTextAsync(bad, "");
        }
        await File.WriteAllTextAsync(_directory.Combine("gate64.toml"), "");
        await File.WriteAllTextAsync(_directory.Combine("rc.conf"), $"""
            gate64_enable="YES"
            gate64_config="{_directory.Combine("gate64.toml")}"
            gate64_binary="{fake}"

            """);
        await File.WriteAllTextAsync(_directory.Combine("rc.subr"), $$"""
            load_rc_config() { . "{{_directory.Combine("rc.conf")}}"; }
            run_rc_command() {
              case "$1" in
                start) $start_precmd && echo "$command $command_args" ;;
                reload) $reload_precmd && echo "signal $sig_reload to pid from $pidfile" ;;
                configtest) $configtest_cmd ;;
                rcvar) eval echo "$rcvar=\$$rcvar" ;;
              esac
            }

            """);
        string script = _directory.Combine("rc-gate64");
        string text = await File.ReadAllTextAsync(RepositoryFiles.Path(RcScript));
        Assert.Contains("\n. /etc/rc.subr\n", text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(script, text.Replace(". /etc/rc.subr", $". {_directory.Combine("rc.subr")}", StringComparison.Ordinal));

        ChildProcessResult result = await ChildProcess.RunAsync("/bin/sh", [script, verb], s_timeout);
        return (result.ExitCode, result.StandardOutput);
    }
}
