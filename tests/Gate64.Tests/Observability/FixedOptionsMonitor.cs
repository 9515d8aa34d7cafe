using Microsoft.Extensions.Options;

namespace Gate64.Tests.Observability;

/// <summary>An <see cref="IOptionsMonitor{TOptions}"/> whose value never changes.</summary>
internal sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
