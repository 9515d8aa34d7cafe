using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gate64.Tests.Observability;

/// <summary>
/// A <see cref="HealthCheckService"/> that answers with <see cref="Next"/> (or throws
/// <see cref="Failure"/>), counts its calls and remembers which registered checks each call selected.
/// <see cref="OnCall"/> runs at the start of every call, e.g. to record what the caller has done so far.
/// </summary>
internal sealed class ScriptedHealthCheckService(params string[] registered) : HealthCheckService
{
    private int _calls;

    public HealthReport Next { get; set; } = HealthReports.Of();

    public Exception? Failure { get; set; }

    public Action? OnCall { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<string> LastSelected { get; private set; } = [];

    public override Task<HealthReport> CheckHealthAsync(Func<HealthCheckRegistration, bool>? predicate, CancellationToken cancellationToken = default)
    {
        OnCall?.Invoke();
        LastSelected = [.. registered.Where(name => predicate?.Invoke(new HealthCheckRegistration(name, new NeverCalledCheck(), null, null)) ?? true)];
        Interlocked.Increment(ref _calls);
        return Failure is { } failure ? Task.FromException<HealthReport>(failure) : Task.FromResult(Next);
    }

    private sealed class NeverCalledCheck : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the scripted service runs no check");
    }
}
