using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Gate64.Configuration;

/// <summary>Tells the <see cref="IOptionsMonitor{TOptions}"/> of <typeparamref name="TOptions"/> that a reload changed its section.</summary>
internal sealed class ConfigChangeTokenSource<TOptions>(Gate64ConfigStore store, string section) : IOptionsChangeTokenSource<TOptions>
{
    public string Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => store.GetReloadToken(section);
}
