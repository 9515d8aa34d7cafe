namespace Gate64.Testing;

/// <summary>The Python peers embedded in the harness (<c>Scripts/*.py</c>) and the interpreter that runs them.</summary>
public static class TestScripts
{
    /// <summary>Backends: recorders and connection holders (see the script's docstring).</summary>
    public const string Backends = "backends.py";

    /// <summary>A static file server on one IPv6 address with a large listen backlog.</summary>
    public const string HttpServer = "httpserver.py";

    /// <summary>Client tools: raw bytes, trickled TLS hello, concurrent and idle connections.</summary>
    public const string NetClient = "netclient.py";

    /// <summary>Debian's python3 (<c>/usr/bin/python3</c>), else whatever python3 PATH finds; fails the test when there is none.</summary>
    public static string Python() => RequiredTool.TryFind("/usr/bin/python3") ?? RequiredTool.Find("python3");

    /// <summary>Writes the embedded script <paramref name="name"/> into <paramref name="directory"/> and returns its path.</summary>
    public static string Extract(string name, string directory)
    {
        string resource = $"Gate64.Testing.Scripts.{name}";
        using Stream? stream = typeof(TestScripts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"script {resource} is not embedded in {typeof(TestScripts).Assembly.GetName().Name}");
        string path = Path.Combine(directory, name);
        using (FileStream file = File.Create(path))
        {
            stream.CopyTo(file);
        }

        return path;
    }

    /// <summary>The names of every embedded script.</summary>
    public static IReadOnlyList<string> Names() =>
        typeof(TestScripts).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Gate64.Testing.Scripts.", StringComparison.Ordinal))
            .Select(n => n["Gate64.Testing.Scripts.".Length..])
            .ToList();
}
