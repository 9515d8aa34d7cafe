namespace Gate64.Cli.Demo;

/// <summary>
/// How to start this very gate64 again inside a namespace: the apphost or single-file binary as it is,
/// or <c>dotnet gate64.dll</c> when the demo itself runs through the dotnet host (as <c>./gate64</c> does).
/// </summary>
internal sealed class SelfExecutable
{
    private const string AssemblyFile = "gate64.dll";

    private SelfExecutable(string fileName, IReadOnlyList<string> prefixArguments)
    {
        FileName = fileName;
        PrefixArguments = prefixArguments;
    }

    /// <summary>The program to start.</summary>
    public string FileName { get; }

    /// <summary>The arguments before gate64's own (the assembly path for the dotnet host).</summary>
    public IReadOnlyList<string> PrefixArguments { get; }

    /// <summary>The running process's executable (<see cref="Environment.ProcessPath"/>) and folder (<see cref="AppContext.BaseDirectory"/>).</summary>
    public static SelfExecutable Current() => From(Environment.ProcessPath, AppContext.BaseDirectory);

    /// <summary>Decides from a process path and the application's folder (split out for tests).</summary>
    public static SelfExecutable From(string? processPath, string baseDirectory)
    {
        string assembly = Path.Combine(baseDirectory, AssemblyFile);
        if (string.IsNullOrEmpty(processPath))
        {
            return new SelfExecutable("dotnet", [assembly]);
        }
        string program = Path.GetFileNameWithoutExtension(processPath);
        return program.Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? new SelfExecutable(processPath, [assembly])
            : new SelfExecutable(processPath, []);
    }

    /// <summary>The full argument vector after <see cref="FileName"/> for gate64 <paramref name="arguments"/>.</summary>
    public IReadOnlyList<string> Arguments(IEnumerable<string> arguments) => [.. PrefixArguments, .. arguments];
}
