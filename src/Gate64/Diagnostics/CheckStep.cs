namespace Gate64.Diagnostics;

/// <summary>One line of the <c>gate64 check</c> report.</summary>
/// <param name="Id">A stable identifier for scripts: <c>a-record</c>, <c>aaaa-record</c>, <c>permitted-prefix</c>, <c>tcp-http</c>, <c>tcp-https</c>, <c>tls</c>, <c>http-01</c>.</param>
/// <param name="Name">What was checked, in words (e.g. "AAAA record").</param>
/// <param name="Status">How it went.</param>
/// <param name="Message">What was found, in plain words.</param>
/// <param name="Fix">For a failure or a warning: what to change, in the customer's terms; otherwise null.</param>
internal sealed record CheckStep(string Id, string Name, CheckStatus Status, string Message, string? Fix = null);
