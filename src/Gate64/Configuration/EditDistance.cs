namespace Gate64.Configuration;

/// <summary>Spots typos in key names (<c>premit</c> for <c>permit</c>) so the error can suggest the right one.</summary>
internal static class EditDistance
{
    /// <summary>True when <paramref name="typed"/> is at most two edits (insert, delete, replace, swap) from <paramref name="known"/>.</summary>
    public static bool IsNear(string typed, string known)
    {
        int allowed = known.Length <= 4 ? 1 : 2;
        return Math.Abs(typed.Length - known.Length) <= allowed && Distance(typed, known) <= allowed;
    }

    /// <summary>Optimal string alignment distance: Levenshtein plus swaps of two neighbours.</summary>
    private static int Distance(string a, string b)
    {
        int[,] d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
