using Gate64.Ingress;
using Microsoft.Extensions.Options;

namespace Gate64.Tests.Ingress;

/// <summary>Ingress options that a test replaces, telling the listeners as a reload would.</summary>
internal sealed class QuicReloadingOptions(IngressOptions initial) : IOptionsMonitor<IngressOptions>
{
    private readonly List<Action<IngressOptions, string?>> _listeners = [];

    public IngressOptions CurrentValue { get; private set; } = initial;

    public IngressOptions Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<IngressOptions, string?> listener)
    {
        _listeners.Add(listener);
        return null;
    }

    public void Reload(IngressOptions next)
    {
        CurrentValue = next;
        _listeners.ForEach(listener => listener(next, null));
    }
}
