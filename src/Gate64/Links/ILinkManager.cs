namespace Gate64.Links;

/// <summary>Makes and removes links on the running system, idempotently.</summary>
internal interface ILinkManager
{
    /// <summary>Makes the link unless it exists exactly like this already ("already up"); a different link of the same name is an error.</summary>
    public Task<LinkOutcome> UpAsync(LinkSpec spec, CancellationToken cancellationToken);

    /// <summary>Removes everything <see cref="UpAsync"/> made; succeeds ("not present") when there is nothing.</summary>
    public Task<LinkOutcome> DownAsync(string name, CancellationToken cancellationToken);
}
