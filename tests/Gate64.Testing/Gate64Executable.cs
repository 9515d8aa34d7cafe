using Xunit;

namespace Gate64.Testing;

/// <summary>
/// The built <c>gate64</c> CLI. The test assembly lives in <c>artifacts/bin/PROJECT/CONFIG/</c>; the
/// CLI is <c>artifacts/bin/Gate64.Cli/CONFIG/gate64.dll</c> (same CONFIG folder, e.g. <c>release</c>)
/// and runs as <c>dotnet gate64.dll ARGS…</c>. <c>GATE64_CLI_DLL</c> overrides the location.
/// </summary>
public sealed class Gate64Executable
{
    public const string OverrideVariable = "GATE64_CLI_DLL";

    private Gate64Executable(string dotnetPath, string dllPath)
    {
        DotnetPath = dotnetPath;
        DllPath = dllPath;
    }

    public string DotnetPath { get; }

    public string DllPath { get; }

    /// <summary>Finds the CLI next to the calling test assembly; fails the test when it was not built.</summary>
    public static Gate64Executable Locate()
    {
        string dllPath = Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } overridden
            ? Path.GetFullPath(overridden)
            : DefaultDllPath(AppContext.BaseDirectory);
        if (!File.Exists(dllPath))
        {
            Assert.Fail(
                $"the gate64 CLI was not found at {dllPath}; build it first " +
                $"(dotnet build Gate64.slnx -c Release) or set {OverrideVariable}.");
        }

        return new Gate64Executable(FindDotnet(), dllPath);
    }

    /// <summary>artifacts/bin/X/CONFIG/ → artifacts/bin/Gate64.Cli/CONFIG/gate64.dll.</summary>
    public static string DefaultDllPath(string testAssemblyFolder)
    {
        DirectoryInfo assemblyFolder = new(Path.TrimEndingDirectorySeparator(testAssemblyFolder));
        string configuration = assemblyFolder.Name;
        DirectoryInfo? bin = assemblyFolder.Parent?.Parent;
        if (bin is null)
        {
            throw new InvalidOperationException($"{testAssemblyFolder} is not inside artifacts/bin/PROJECT/CONFIG/");
        }

        return Path.Combine(bin.FullName, "Gate64.Cli", configuration, "gate64.dll");
    }

    /// <summary>Starts <c>dotnet gate64.dll ARGS…</c>.</summary>
    public ChildProcess Start(IEnumerable<string> arguments, ChildProcessOptions? options = null) =>
        ChildProcess.Start(DotnetPath, new[] { DllPath }.Concat(arguments), WithQuietDotnet(options));

    /// <summary>
    /// Starts <c>dotnet gate64.dll ARGS…</c> with SIGINT at its default disposition: a shell starts its
    /// background jobs with SIGINT ignored, a child inherits that, and the runtime then never reports
    /// the signal, so a test that sends SIGINT would depend on how the test run itself was started.
    /// </summary>
    public ChildProcess StartWithDefaultSigInt(IEnumerable<string> arguments, ChildProcessOptions? options = null) =>
        ChildProcess.Start(RequiredTool.Find("env"), new[] { "--default-signal=INT", DotnetPath, DllPath }.Concat(arguments), WithQuietDotnet(options));

    /// <summary>Starts <c>dotnet gate64.dll ARGS…</c> inside <paramref name="networkNamespace"/>; killed at the latest with the namespace.</summary>
    public ChildProcess Start(NetworkNamespace networkNamespace, IEnumerable<string> arguments, ChildProcessOptions? options = null) =>
        networkNamespace.Start(DotnetPath, new[] { DllPath }.Concat(arguments), WithQuietDotnet(options));

    /// <summary>Runs <c>dotnet gate64.dll ARGS…</c> to completion within <paramref name="timeout"/>.</summary>
    public Task<ChildProcessResult> RunAsync(IEnumerable<string> arguments, TimeSpan timeout, ChildProcessOptions? options = null) =>
        ChildProcess.RunAsync(DotnetPath, new[] { DllPath }.Concat(arguments), timeout, WithQuietDotnet(options));

    private static ChildProcessOptions WithQuietDotnet(ChildProcessOptions? options)
    {
        options ??= ChildProcessOptions.Default;
        Dictionary<string, string?> environment = new(options.Environment, StringComparer.Ordinal)
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        return options with { Environment = environment };
    }

    private static string FindDotnet()
    {
        if (Environment.ProcessPath is { } processPath &&
            Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return processPath;
        }

        foreach (string variable in new[] { "DOTNET_HOST_PATH", "DOTNET_ROOT" })
        {
            string? value = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            string candidate = File.Exists(value) ? value : Path.Combine(value, "dotnet");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return RequiredTool.Find("dotnet");
    }
}
