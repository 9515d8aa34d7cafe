namespace Gate64.Testing;

/// <summary>A uniquely named directory under the system temp folder, removed with its contents on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    private TempDirectory(string fullPath)
    {
        FullPath = fullPath;
    }

    public string FullPath { get; }

    /// <summary>Creates <c>$TMPDIR/gate64-PURPOSE-GUID</c>.</summary>
    public static TempDirectory Create(string purpose)
    {
        string fullPath = Path.Combine(Path.GetTempPath(), $"gate64-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(fullPath);
        return new TempDirectory(fullPath);
    }

    public string Combine(string name) => Path.Combine(FullPath, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(FullPath, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}
