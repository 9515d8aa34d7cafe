using System.Globalization;
using Tomlyn.Model;

namespace Gate64.Configuration;

/// <summary>
/// Typed reads from one TOML table (<c>[ingress]</c>, one <c>[[bgp.neighbor]]</c>). Each read
/// either returns the value or records an error on the key's line and returns null, so that a
/// whole file is checked in one pass. Keys the section does not know are errors too: a typo must
/// not silently leave a setting at its default.
/// </summary>
internal sealed class TomlSection
{
    private readonly TomlTable _table;
    private readonly IReadOnlyList<string> _keys;
    private readonly Dictionary<string, Dictionary<string, int>> _itemTexts = new(StringComparer.Ordinal);

    /// <param name="path">The section's key path (<c>ingress</c>, <c>bgp.neighbor[0]</c>).</param>
    /// <param name="table">Its values.</param>
    /// <param name="keys">Every key the section knows, in the order the documentation lists them.</param>
    /// <param name="errors">Where errors go.</param>
    public TomlSection(string path, TomlTable table, IReadOnlyList<string> keys, ConfigErrorCollector errors)
    {
        Path = path;
        _table = table;
        _keys = keys;
        Errors = errors;
    }

    public string Path { get; }

    public ConfigErrorCollector Errors { get; }

    public bool IsKnownKey(string key) => _keys.Contains(key, StringComparer.Ordinal);

    public string KeyPath(string key) => $"{Path}.{key}";

    public void Error(string key, string message) => Errors.Add(KeyPath(key), message);

    /// <summary>Records an error for every key of the table that the section does not know.</summary>
    public void RejectUnknownKeys()
    {
        foreach (string key in _table.Keys)
        {
            if (!IsKnownKey(key))
            {
                string? near = _keys.FirstOrDefault(known => EditDistance.IsNear(key, known));
                Errors.Add(KeyPath(key), near is null
                    ? $"unknown key; the keys of {SectionTitle} are {string.Join(", ", _keys)}."
                    : $"unknown key; did you mean '{near}'?");
            }
        }
    }

    /// <summary>
    /// The index of the list item (or table) of <paramref name="key"/> that prints as
    /// <paramref name="text"/>; -1 for a single string written without an array.
    /// </summary>
    public int? FindItem(string key, string text) =>
        _itemTexts.TryGetValue(key, out Dictionary<string, int>? items) && items.TryGetValue(text, out int index) ? index : null;

    /// <summary>Remembers how item <paramref name="index"/> of <paramref name="key"/> prints, so that a later check naming it finds its line.</summary>
    public void RecordItem(string key, int index, string text)
    {
        if (!_itemTexts.TryGetValue(key, out Dictionary<string, int>? items))
        {
            items = new(StringComparer.Ordinal);
            _itemTexts[key] = items;
        }
        items.TryAdd(text, index);
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0)
        {
            items.TryAdd(text[..equals], index);   // checks often name a permit's prefix without its mode
        }
    }

    public bool Has(string key) => _table.ContainsKey(key);

    public string? String(string key)
    {
        object? value = Get(key);
        if (value is null or string)
        {
            return (string?)value;
        }
        Error(key, $"expected a string, found {Describe(value)}.");
        return null;
    }

    public bool? Boolean(string key)
    {
        object? value = Get(key);
        if (value is null or bool)
        {
            return (bool?)value;
        }
        Error(key, $"expected true or false, found {Describe(value)}.");
        return null;
    }

    public long? Integer(string key, long minimum, long maximum)
    {
        object? value = Get(key);
        if (value is null)
        {
            return null;
        }
        if (value is long number && number >= minimum && number <= maximum)
        {
            return number;
        }
        Error(key, $"expected a whole number from {minimum} to {maximum}, found {Describe(value)}.");
        return null;
    }

    /// <summary>A duration in seconds: a whole or decimal number above 0 and at most a day.</summary>
    public TimeSpan? Seconds(string key)
    {
        object? value = Get(key);
        double? seconds = value switch
        {
            long whole => whole,
            double fraction => fraction,
            _ => null,
        };
        if (value is null)
        {
            return null;
        }
        if (seconds is { } s && double.IsFinite(s) && s > 0 && s <= 86_400)
        {
            return TimeSpan.FromSeconds(s);
        }
        Error(key, $"expected a number of seconds above 0 and at most 86400, found {Describe(value)}.");
        return null;
    }

    /// <summary>One value written as a string and parsed by <paramref name="parse"/>.</summary>
    public T? Value<T>(string key, TextParser<T> parse)
        where T : class
    {
        string? text = String(key);
        if (text is null)
        {
            return null;
        }
        if (parse(text, out T? value, out string? error))
        {
            return value;
        }
        Error(key, error);
        return null;
    }

    /// <summary>A struct value written as a string and parsed by <paramref name="parse"/>.</summary>
    public T? StructValue<T>(string key, TextParser<T> parse)
        where T : struct
    {
        string? text = String(key);
        if (text is null)
        {
            return null;
        }
        if (parse(text, out T value, out string? error))
        {
            return value;
        }
        Error(key, error);
        return null;
    }

    /// <summary>
    /// A list of strings, each parsed by <paramref name="parse"/>; a single string counts as a list
    /// of one. Null when the key is absent; the items that parsed when some did not.
    /// </summary>
    public List<T>? List<T>(string key, TextParser<T> parse)
    {
        object? value = Get(key);
        if (value is null)
        {
            return null;
        }
        if (value is not (string or TomlArray))
        {
            Error(key, $"expected a string or an array of strings, found {Describe(value)}.");
            return null;
        }
        bool single = value is string;
        IReadOnlyList<object?> items = value is TomlArray array ? [.. array] : [value];
        List<T> parsed = [];
        for (int i = 0; i < items.Count; i++)
        {
            string itemPath = single ? KeyPath(key) : $"{KeyPath(key)}[{i}]";
            if (items[i] is not string text)
            {
                Errors.Add(itemPath, $"expected a string, found {Describe(items[i])}.");
            }
            else if (parse(text, out T? item, out string? error))
            {
                RecordItem(key, single ? -1 : i, item!.ToString() ?? text);
                parsed.Add(item);
            }
            else
            {
                Errors.Add(itemPath, error);
            }
        }
        return parsed;
    }

    /// <summary>The tables of an array of tables (<c>[[bgp.neighbor]]</c>), each a section of its own.</summary>
    public List<TomlSection>? Tables(string key, IReadOnlyList<string> keys)
    {
        object? value = Get(key);
        if (value is null)
        {
            return null;
        }
        if (value is not TomlTableArray tables)
        {
            Error(key, $"expected tables written [[{KeyPath(key)}]], found {Describe(value)}.");
            return null;
        }
        List<TomlSection> sections = [];
        for (int i = 0; i < tables.Count; i++)
        {
            sections.Add(new TomlSection($"{KeyPath(key)}[{i}]", tables[i], keys, Errors));
        }
        return sections;
    }

    /// <summary><c>[ingress]</c>, or <c>[[bgp.neighbor]]</c> for a table of an array.</summary>
    private string SectionTitle => Path.IndexOf('[', StringComparison.Ordinal) is var bracket and > 0 ? $"[[{Path[..bracket]}]]" : $"[{Path}]";

    private object? Get(string key)
    {
        System.Diagnostics.Debug.Assert(IsKnownKey(key), $"{key} is not declared as a key of {Path}");
        return _table.TryGetValue(key, out object? value) ? value : null;
    }

    public static string Describe(object? value) => value switch
    {
        null => "nothing",
        string text => $"the string \"{text}\"",
        long number => $"the number {number.ToString(CultureInfo.InvariantCulture)}",
        double number => $"the number {number.ToString(CultureInfo.InvariantCulture)}",
        bool flag => flag ? "true" : "false",
        TomlArray => "an array",
        TomlTable => "a table",
        TomlTableArray => "an array of tables",
        _ => "a date",
    };
}
