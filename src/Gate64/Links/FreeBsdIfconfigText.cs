namespace Gate64.Links;

/// <summary>Reads what FreeBSD's <c>ifconfig NAME</c> prints (text: FreeBSD's ifconfig has no JSON output).</summary>
internal static class FreeBsdIfconfigText
{
    private const string DescriptionLabel = "description: ";

    /// <summary>The interface description (the <c>\tdescription: …</c> line), or null when it has none.</summary>
    public static string? Description(string output)
    {
        foreach (string line in output.Split('\n'))
        {
            string trimmed = line.Trim();
            if (trimmed.StartsWith(DescriptionLabel, StringComparison.Ordinal))
            {
                return trimmed[DescriptionLabel.Length..];
            }
        }
        return null;
    }
}
