using Microsoft.Extensions.Options;

namespace Gate64.Configuration;

/// <summary>An options monitor whose value never changes: services built by hand (tests, tools) without a host.</summary>
internal sealed class FixedOptionsMonitor<TOptions>(TOptions value) : IOptionsMonitor<TOptions>
{
    public TOptions CurrentValue => value;

    public TOptions Get(string? name) => value;

    public IDisposable? OnChange(Action<TOptions, string?> listener) => null;
}
