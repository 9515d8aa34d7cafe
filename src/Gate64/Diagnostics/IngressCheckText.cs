using System.Text;

namespace Gate64.Diagnostics;

/// <summary>Writes an <see cref="IngressCheckReport"/> for people: one line a step, the verdict, then what to fix.</summary>
internal static class IngressCheckText
{
    public static string Format(IngressCheckReport report)
    {
        StringBuilder text = new();
        text.Append("Checking ingress for ").Append(report.Name).Append('\n');
        List<string> context = [];
        if (report.Resolver is not null)
        {
            context.Add($"resolver {report.Resolver}");
        }
        context.Add(report.Gateway.Count == 0 ? "gateway unknown" : $"gateway {string.Join(", ", report.Gateway)}");
        context.Add(report.Permitted.Count == 0 ? "no prefix permitted" : $"permitted {string.Join(", ", report.Permitted)}");
        text.Append("  (").Append(string.Join("; ", context)).Append(")\n\n");

        foreach (CheckStep step in report.Steps)
        {
            text.Append(Symbol(step.Status)).Append(' ').Append(step.Name).Append(": ").Append(step.Message).Append('\n');
        }

        text.Append('\n').Append(report.Verdict switch
        {
            IngressVerdict.Works => $"Verdict: ingress will work for {report.Name}.",
            IngressVerdict.WorksWithWarnings => $"Verdict: ingress will work for {report.Name}, with warnings.",
            _ => $"Verdict: ingress will NOT work for {report.Name}.",
        }).Append('\n');
        string[] required = Fixes(report, CheckStatus.Fail);
        string[] recommended = [.. Fixes(report, CheckStatus.Warn).Except(required, StringComparer.Ordinal)];
        AppendFixes(text, "To fix:", required);
        AppendFixes(text, required.Length > 0 ? "Also recommended:" : "Recommended:", recommended);
        return text.ToString();
    }

    public static char Symbol(CheckStatus status) => status switch
    {
        CheckStatus.Pass => '✓',
        CheckStatus.Fail => '✗',
        CheckStatus.Warn => '!',
        _ => '-',
    };

    private static string[] Fixes(IngressCheckReport report, CheckStatus status) =>
        [.. report.Steps.Where(step => step.Status == status).Select(step => step.Fix).OfType<string>().Distinct(StringComparer.Ordinal)];

    private static void AppendFixes(StringBuilder text, string heading, string[] fixes)
    {
        if (fixes.Length == 0)
        {
            return;
        }
        text.Append('\n').Append(heading).Append('\n');
        foreach (string fix in fixes)
        {
            text.Append("  • ").Append(fix).Append('\n');
        }
    }
}
