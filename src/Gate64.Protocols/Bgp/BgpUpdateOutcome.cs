namespace Gate64.Protocols.Bgp;

/// <summary>What a received UPDATE means for the session (RFC 7606 §2).</summary>
public enum BgpUpdateOutcome
{
    /// <summary>Well formed (perhaps after discarding a duplicate or malformed non-essential attribute; see the problem text).</summary>
    Valid,

    /// <summary>An End-of-RIB marker (RFC 4724 §2) for the family in <see cref="BgpUpdateParseResult.EndOfRibFamily"/>.</summary>
    EndOfRib,

    /// <summary>An attribute is malformed: the routes it announces count as withdrawn, the session stays up (RFC 7606 §2).</summary>
    TreatAsWithdraw,

    /// <summary>The message cannot be parsed reliably: send <see cref="BgpUpdateParseResult.Error"/> and close.</summary>
    SessionReset,
}
