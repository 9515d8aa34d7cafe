using System.Globalization;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Ingress;

/// <summary>A curl run with <c>-w "\n%{http_code}\n"</c>: the body, the status (0 when none) and curl's exit code and messages.</summary>
internal sealed record CurlResponse(int ExitCode, int Status, string Body, string StandardError, string Raw)
{
    public static CurlResponse Parse(ChildProcessResult result)
    {
        string output = result.StandardOutput.EndsWith('\n') ? result.StandardOutput[..^1] : result.StandardOutput;
        int split = output.LastIndexOf('\n');
        string body = split < 0 ? "" : output[..split];
        string code = split < 0 ? output : output[(split + 1)..];
        int status = int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) ? parsed : 0;
        return new CurlResponse(result.ExitCode, status, body, result.StandardError, result.ToString());
    }

    public override string ToString() => Raw;
}
