using Tomlyn.Syntax;

namespace Gate64.Configuration;

/// <summary>
/// The line of every key, table and array item of a TOML document, by key path
/// (<c>ingress.permit[1]</c>, <c>bgp.neighbor[0].as</c>). The object model that values are read
/// from has no positions, so errors find their line here.
/// </summary>
internal sealed class TomlLineIndex
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    public TomlLineIndex(DocumentSyntax document)
    {
        foreach (KeyValueSyntax keyValue in document.KeyValues)
        {
            AddKeyValue("", keyValue);
        }
        Dictionary<string, int> tableArrayCounts = new(StringComparer.Ordinal);
        foreach (TableSyntaxBase table in document.Tables)
        {
            string name = KeyText(table.Name);
            string path = name;
            if (table is TableArraySyntax)
            {
                int index = tableArrayCounts.GetValueOrDefault(name);
                tableArrayCounts[name] = index + 1;
                Record(name, table.Span.Start.Line);   // the first [[name]] stands for the whole array
                path = $"{name}[{index}]";
            }
            Record(path, table.Span.Start.Line);
            foreach (KeyValueSyntax keyValue in table.Items)
            {
                AddKeyValue(path, keyValue);
            }
        }
    }

    /// <summary>
    /// The 1-based line of <paramref name="path"/>, or of its nearest enclosing key or table when it
    /// is not in the file (a missing required key is blamed on its section's header); 0 if none is.
    /// </summary>
    public int LineOf(string path)
    {
        string current = path;
        while (current.Length > 0)
        {
            if (_lines.TryGetValue(current, out int line))
            {
                return line;
            }
            current = Parent(current);
        }
        return 0;
    }

    /// <summary><c>a.b[1]</c> → <c>a.b</c> → <c>a</c> → empty.</summary>
    private static string Parent(string path)
    {
        if (path.EndsWith(']'))
        {
            int bracket = path.LastIndexOf('[');
            if (bracket > 0)
            {
                return path[..bracket];
            }
        }
        int dot = path.LastIndexOf('.');
        return dot < 0 ? "" : path[..dot];
    }

    private void AddKeyValue(string prefix, KeyValueSyntax keyValue)
    {
        if (keyValue.Key is null)
        {
            return;
        }
        string path = Join(prefix, KeyText(keyValue.Key));
        Record(path, keyValue.Span.Start.Line);
        AddValue(path, keyValue.Value);
    }

    private void AddValue(string path, ValueSyntax? value)
    {
        switch (value)
        {
            case ArraySyntax array:
                int index = 0;
                foreach (ArrayItemSyntax item in array.Items)
                {
                    string itemPath = $"{path}[{index++}]";
                    if (item.Value is not null)
                    {
                        Record(itemPath, item.Value.Span.Start.Line);
                        AddValue(itemPath, item.Value);
                    }
                }
                break;
            case InlineTableSyntax table:
                foreach (InlineTableItemSyntax item in table.Items)
                {
                    if (item.KeyValue is not null)
                    {
                        AddKeyValue(path, item.KeyValue);
                    }
                }
                break;
        }
    }

    private void Record(string path, int zeroBasedLine) => _lines.TryAdd(path, zeroBasedLine + 1);

    private static string Join(string prefix, string key) => prefix.Length == 0 ? key : $"{prefix}.{key}";

    private static string KeyText(KeySyntax? key)
    {
        if (key is null)
        {
            return "";
        }
        string text = Part(key.Key);
        foreach (DottedKeyItemSyntax dotted in key.DotKeys)
        {
            text = $"{text}.{Part(dotted.Key)}";
        }
        return text;
    }

    private static string Part(BareKeyOrStringValueSyntax? part) => part switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax quoted => quoted.Value ?? "",
        _ => "",
    };
}
