using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Gate64.Configuration;

/// <summary>Tells the <see cref="IOptionsMonitor{TOptions}"/> of <typeparamref name="TOptions"/> that the configuration was reloaded.</summary>
internal sealed class ConfigChangeTokenSource<TOptions>(Gate64ConfigStore store) : IOptionsChangeTokenSource<TOptions>
{
    public string Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => store.GetReloadToken();
}
