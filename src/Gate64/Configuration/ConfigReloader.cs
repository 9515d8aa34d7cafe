using Microsoft.Extensions.Logging;

namespace Gate64.Configuration;

/// <summary>
/// Reloads the configuration file (on SIGHUP): reads it, checks it whole, and applies it only if
/// it is valid and changes nothing that needs a restart. Otherwise every error is one log line
/// and the configuration in force stays, so a bad edit never takes a gateway down.
/// </summary>
public sealed partial class ConfigReloader
{
    private readonly Gate64ConfigStore _store;
    private readonly ILogger<ConfigReloader> _logger;
    private readonly Lock _gate = new();

    public ConfigReloader(Gate64ConfigStore store, ILogger<ConfigReloader> logger)
    {
        _store = store;
        _logger = logger;
    }

    public ReloadResult Reload()
    {
        lock (_gate)
        {
            string path = _store.Current.FilePath;
            LogReloading(_logger, path);
            Gate64ConfigResult read = Gate64ConfigReader.ReadFile(path);
            if (read.Config is null)
            {
                foreach (ConfigError error in read.Errors)
                {
                    LogInvalid(_logger, error.ToString());
                }
                LogRefused(_logger, path, read.Errors.Count);
                return new ReloadResult(ReloadStatus.Invalid, [], read.Errors);
            }
            ReloadResult result = _store.TryApply(read.Config);
            switch (result.Status)
            {
                case ReloadStatus.Applied:
                    LogApplied(_logger, path, string.Join(", ", result.Keys));
                    break;
                case ReloadStatus.Unchanged:
                    LogUnchanged(_logger, path);
                    break;
                case ReloadStatus.NeedsRestart:
                    LogNeedsRestart(_logger, path, string.Join(", ", result.Keys));
                    break;
            }
            return result;
        }
    }

    [LoggerMessage(EventId = 600, EventName = "ConfigReloading", Level = LogLevel.Information, Message = "Reloading {Path}")]
    private static partial void LogReloading(ILogger logger, string path);

    [LoggerMessage(EventId = 601, EventName = "ConfigReloaded", Level = LogLevel.Information, Message = "Reloaded {Path}: new {Keys} in force; open connections and sessions kept")]
    private static partial void LogApplied(ILogger logger, string path, string keys);

    [LoggerMessage(EventId = 602, EventName = "ConfigUnchanged", Level = LogLevel.Information, Message = "Reloaded {Path}: nothing changed")]
    private static partial void LogUnchanged(ILogger logger, string path);

    [LoggerMessage(EventId = 603, EventName = "ConfigError", Level = LogLevel.Error, Message = "{Error}")]
    private static partial void LogInvalid(ILogger logger, string error);

    [LoggerMessage(EventId = 604, EventName = "ConfigReloadRefused", Level = LogLevel.Error, Message = "Reload of {Path} refused: {Count} error(s); the running configuration stays")]
    private static partial void LogRefused(ILogger logger, string path, int count);

    [LoggerMessage(EventId = 605, EventName = "ConfigNeedsRestart", Level = LogLevel.Error, Message = "Reload of {Path} refused: {Keys} needs a restart (gate64 applies a reload whole or not at all); the running configuration stays")]
    private static partial void LogNeedsRestart(ILogger logger, string path, string keys);
}
