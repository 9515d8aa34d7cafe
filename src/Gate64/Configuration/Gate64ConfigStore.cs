using Microsoft.Extensions.Primitives;

namespace Gate64.Configuration;

/// <summary>
/// Holds the configuration in force and swaps it on reload, all or nothing. This is the .NET
/// options pattern's reload path without <c>IConfiguration</c>: each service's options are
/// configured from <see cref="Current"/> and an <c>IOptionsChangeTokenSource</c> hands the
/// options monitors <see cref="GetReloadToken"/> of their section. A reload first publishes the
/// new snapshot, then fires the tokens of the sections that changed, so a monitor rebuilds its
/// options from the new snapshot only — never half of one file and half of the other — and a
/// service whose section did not change is not disturbed. <c>IConfiguration</c> itself would have flattened the
/// file into strings and lost the validation per key and line; a snapshot of ready options
/// keeps both and stays small.
/// </summary>
public sealed class Gate64ConfigStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CancellationTokenSource> _reloads = new(StringComparer.Ordinal);
    private Gate64Config _current;

    public Gate64ConfigStore(Gate64Config initial)
    {
        _current = initial;
    }

    public Gate64Config Current => Volatile.Read(ref _current);

    /// <summary>Fires once, when a reload that changes <paramref name="section"/> is applied; ask again afterwards for the next.</summary>
    /// <param name="section">A table name: <c>dns64</c>, <c>ingress</c>, <c>nat64</c>, <c>bgp</c>.</param>
    public IChangeToken GetReloadToken(string section)
    {
        lock (_gate)
        {
            if (!_reloads.TryGetValue(section, out CancellationTokenSource? source))
            {
                source = new CancellationTokenSource();
                _reloads[section] = source;
            }
            return new CancellationChangeToken(source.Token);
        }
    }

    /// <summary>
    /// Puts <paramref name="next"/> in force when it changes only settings that running services
    /// can take; otherwise keeps the current one and names the keys that need a restart.
    /// </summary>
    public ReloadResult TryApply(Gate64Config next)
    {
        ArgumentNullException.ThrowIfNull(next);
        List<CancellationTokenSource> fired = [];
        List<string> changed;
        lock (_gate)
        {
            Dictionary<string, ConfigSetting> before = _current.Settings.ToDictionary(setting => setting.Key, StringComparer.Ordinal);
            Dictionary<string, ConfigSetting> after = next.Settings.ToDictionary(setting => setting.Key, StringComparer.Ordinal);
            changed = [];
            List<string> needRestart = [];
            foreach (string key in before.Keys.Union(after.Keys))
            {
                ConfigSetting? old = before.GetValueOrDefault(key);
                ConfigSetting? @new = after.GetValueOrDefault(key);
                if (old?.Value == @new?.Value)
                {
                    continue;
                }
                changed.Add(key);
                if (old is null || @new is null || !old.Reloadable || !@new.Reloadable)
                {
                    needRestart.Add(key);
                }
            }
            if (changed.Count == 0)
            {
                return new ReloadResult(ReloadStatus.Unchanged, [], []);
            }
            if (needRestart.Count > 0)
            {
                return new ReloadResult(ReloadStatus.NeedsRestart, needRestart, []);
            }
            Volatile.Write(ref _current, next);
            foreach (string section in changed.Select(SectionOf).Distinct())
            {
                if (_reloads.Remove(section, out CancellationTokenSource? source))
                {
                    fired.Add(source);
                }
            }
        }
        // Outside the lock: the monitors' callbacks run on this thread and may read Current. Not
        // disposed: a token handed out just before may still be registered on (no timer to free).
        fired.ForEach(source => source.Cancel());
        return new ReloadResult(ReloadStatus.Applied, changed, []);
    }

    private static string SectionOf(string key) => key.Split('.', 2)[0];
}
