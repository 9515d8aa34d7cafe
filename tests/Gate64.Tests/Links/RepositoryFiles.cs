namespace Gate64.Tests.Links;

/// <summary>Files of the repository the tests run from (found above the test assembly by Gate64.slnx).</summary>
internal static class RepositoryFiles
{
    public static string Path(string relative)
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Gate64.slnx")))
            {
                string path = System.IO.Path.Combine(folder.FullName, relative);
                Assert.True(File.Exists(path), $"{relative} is missing from the repository");
                return path;
            }
        }
        Assert.Fail($"no Gate64.slnx above {AppContext.BaseDirectory}");
        return "";
    }
}
