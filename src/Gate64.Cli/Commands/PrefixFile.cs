using Gate64.Protocols.Ip;

namespace Gate64.Cli.Commands;

/// <summary>A list of prefixes in a text file: one per line, blank lines and '#' comments ignored.</summary>
internal static class PrefixFile
{
    /// <summary>The prefixes of <paramref name="path"/>; each bad line (or an unreadable file) adds an error naming file and line.</summary>
    public static IReadOnlyList<IpPrefix> Read(string path, List<string> errors)
    {
        List<IpPrefix> prefixes = [];
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadLines(path);
            int number = 0;
            foreach (string line in lines)
            {
                number++;
                int hash = line.IndexOf('#', StringComparison.Ordinal);
                string text = (hash < 0 ? line : line[..hash]).Trim();
                if (text.Length == 0)
                {
                    continue;
                }
                if (IpPrefix.TryParse(text, out IpPrefix prefix))
                {
                    prefixes.Add(prefix);
                }
                else
                {
                    errors.Add($"{path}:{number}: '{text}' is not an IP prefix such as 2001:db8::/32 or 192.0.2.0/24.");
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            errors.Add($"--announce-file {path}: {exception.Message}");
        }
        return prefixes;
    }
}
