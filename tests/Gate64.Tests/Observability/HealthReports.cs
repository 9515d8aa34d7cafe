using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gate64.Tests.Observability;

/// <summary>Health reports as <see cref="HealthCheckService"/> returns them, built from (service, status) pairs.</summary>
internal static class HealthReports
{
    public static HealthReport Of(params (string Service, HealthStatus Status)[] results) =>
        new(results.ToDictionary(
            r => r.Service,
            r => new HealthReportEntry(r.Status, $"{r.Service} is {r.Status}", TimeSpan.FromMilliseconds(1), exception: null, data: null)),
            TimeSpan.FromMilliseconds(1));
}
