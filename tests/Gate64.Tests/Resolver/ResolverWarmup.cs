using Gate64.Protocols.Dns;
using Gate64.Resolver;

namespace Gate64.Tests.Resolver;

/// <summary>
/// Runs one UDP and one TCP exchange before the tests of a class, so that the first test with a short
/// attempt timeout does not pay for JIT compilation and thread-pool start-up (and time out for it).
/// </summary>
public sealed class ResolverWarmup : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await using ScriptedDnsServer server = new(query => DnsRecords.Reply(query, DnsRecords.A(query.Questions[0].Name.ToString(), "192.0.2.1", 60)))
        {
            TruncateUdp = true,
        };
        DnsResolverOptions options = TestResolvers.Options(server.EndPoint);
        options.AttemptTimeout = TimeSpan.FromSeconds(10);
        DnsResolver resolver = TestResolvers.Create(options, TimeProvider.System);
        await resolver.ResolveAsync(DnsName.Parse("warmup.example."), DnsRecordType.A);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
