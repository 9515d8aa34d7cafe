using Gate64.Configuration;
using Gate64.Testing;
using static Gate64.Tests.Configuration.ConfigTexts;

namespace Gate64.Tests.Configuration;

public sealed class ConfigReloaderTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("config-reload");
    private readonly RecordingLogger<ConfigReloader> _log = new();

    private string FilePath => _directory.Combine("gate64.toml");

    [Fact]
    public void Reload_ValidChange_IsAppliedAndLogged()
    {
        (Gate64ConfigStore store, ConfigReloader reloader) = Start(Dns64Only("\"127.0.0.0/8\""));
        File.WriteAllText(FilePath, Dns64Only("\"10.0.0.0/8\""));

        ReloadResult result = reloader.Reload();

        Assert.Equal(ReloadStatus.Applied, result.Status);
        Assert.Equal(["dns64.allow"], result.Keys);
        Assert.Contains("10.0.0.0/8", string.Join(",", Build(store.Current.Dns64).Allow));
        Assert.Contains(_log.Lines, line => line.Message == $"Reloaded {FilePath}: new dns64.allow in force; open connections and sessions kept");
        Assert.Empty(_log.Errors);
    }

    [Fact]
    public void Reload_InvalidFile_LogsEveryErrorOnALineOfItsOwnAndKeepsTheOldConfig()
    {
        (Gate64ConfigStore store, ConfigReloader reloader) = Start(Dns64Only("\"127.0.0.0/8\""));
        Gate64Config before = store.Current;
        File.WriteAllText(FilePath, Dns64Only("\"127.0.0.0/33\", \"not-a-prefix\"", exclude: "\"2001:db8:64::/48\""));

        ReloadResult result = reloader.Reload();

        Assert.Equal(ReloadStatus.Invalid, result.Status);
        Assert.Same(before, store.Current);
        Assert.Equal(3, result.Errors.Count);
        Assert.Equal(
            [
                $"{FilePath}:7: dns64.allow[0]: '127.0.0.0/33' is not an IP prefix such as 2001:db8::/32 or 192.0.2.0/24.",
                $"{FilePath}:7: dns64.allow[1]: 'not-a-prefix' is not an IP prefix such as 2001:db8::/32 or 192.0.2.0/24.",
                $"{FilePath}:8: dns64.exclude[0]: exclude 2001:db8:64::/48 covers the NAT64 prefix 2001:db8:64::/96; nothing could ever be synthesized.",
                $"Reload of {FilePath} refused: 3 error(s); the running configuration stays",
            ],
            _log.Errors);
    }

    [Fact]
    public void Reload_UnchangedFile_TouchesNothing()
    {
        (Gate64ConfigStore store, ConfigReloader reloader) = Start(Dns64Only("\"127.0.0.0/8\""));
        Gate64Config before = store.Current;
        File.WriteAllText(FilePath, "# touched\n" + Dns64Only("\"127.0.0.0/8\""));

        ReloadResult result = reloader.Reload();

        Assert.Equal(ReloadStatus.Unchanged, result.Status);
        Assert.Same(before, store.Current);
        Assert.Contains(_log.Lines, line => line.Message == $"Reloaded {FilePath}: nothing changed");
    }

    [Fact]
    public void Reload_ChangeThatNeedsARestart_IsRefusedWithTheKeysInOneLine()
    {
        (Gate64ConfigStore store, ConfigReloader reloader) = Start(Dns64Only("\"127.0.0.0/8\""));
        Gate64Config before = store.Current;
        File.WriteAllText(FilePath, Dns64Only("\"10.0.0.0/8\"", listen: "127.0.0.1:15354"));

        ReloadResult result = reloader.Reload();

        Assert.Equal(ReloadStatus.NeedsRestart, result.Status);
        Assert.Equal(["dns64.listen"], result.Keys);
        Assert.Same(before, store.Current);
        Assert.Equal(
            [$"Reload of {FilePath} refused: dns64.listen needs a restart (gate64 applies a reload whole or not at all); the running configuration stays"],
            _log.Errors);
    }

    [Fact]
    public void Reload_FileGone_IsRefused()
    {
        (Gate64ConfigStore store, ConfigReloader reloader) = Start(Dns64Only("\"127.0.0.0/8\""));
        Gate64Config before = store.Current;
        File.Delete(FilePath);

        ReloadResult result = reloader.Reload();

        Assert.Equal(ReloadStatus.Invalid, result.Status);
        Assert.Same(before, store.Current);
        Assert.StartsWith($"{FilePath}: cannot read the file: ", _log.Errors[0], StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private (Gate64ConfigStore Store, ConfigReloader Reloader) Start(string text)
    {
        File.WriteAllText(FilePath, text);
        Gate64ConfigResult initial = Gate64ConfigReader.ReadFile(FilePath);
        Assert.NotNull(initial.Config);
        Gate64ConfigStore store = new(initial.Config);
        return (store, new ConfigReloader(store, _log));
    }
}
