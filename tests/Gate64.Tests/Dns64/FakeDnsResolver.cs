using System.Collections.Concurrent;
using Gate64.Protocols.Dns;
using Gate64.Resolver;

namespace Gate64.Tests.Dns64;

/// <summary>
/// An in-memory <see cref="IDnsResolver"/>: answers from a table of (name, type) → response and
/// remembers every question. A question not in the table fails as an upstream timeout would.
/// </summary>
internal sealed class FakeDnsResolver : IDnsResolver
{
    private readonly ConcurrentDictionary<(DnsName Name, DnsRecordType Type), DnsMessage> _answers = new();
    private readonly ConcurrentQueue<(DnsName Name, DnsRecordType Type, DnsQueryFlags Flags)> _asked = new();

    /// <summary>When set, every question waits for it before it is answered.</summary>
    public TaskCompletionSource? Hold { get; set; }

    public IReadOnlyList<(DnsName Name, DnsRecordType Type, DnsQueryFlags Flags)> Asked => [.. _asked];

    public FakeDnsResolver Add(string name, DnsRecordType type, DnsMessage response)
    {
        _answers[(DnsName.Parse(name), type)] = response;
        return this;
    }

    public bool WasAsked(string name, DnsRecordType type) =>
        _asked.Any(question => question.Name.Equals(DnsName.Parse(name)) && question.Type == type);

    public async ValueTask<DnsResolution> ResolveAsync(DnsName name, DnsRecordType type, DnsQueryFlags flags = DnsQueryFlags.None, CancellationToken cancellationToken = default)
    {
        _asked.Enqueue((name, type, flags));
        if (Hold is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }
        return _answers.TryGetValue((name, type), out DnsMessage? response)
            ? new DnsResolution(response, DnsResolutionError.None, FromCache: false)
            : DnsResolution.Failed(DnsResolutionError.Timeout);
    }
}
