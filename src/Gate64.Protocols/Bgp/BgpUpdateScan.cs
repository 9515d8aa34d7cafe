namespace Gate64.Protocols.Bgp;

/// <summary>What the attribute walk found; a mutable struct on the stack of <see cref="BgpUpdateReader.Parse"/>.</summary>
internal struct BgpUpdateScan
{
    public int Ipv4Announced;
    public int Ipv4Withdrawn;
    public int Ipv6Announced;
    public int Ipv6Withdrawn;
    public int AttributeCount;
    public bool HasOrigin;
    public bool HasAsPath;
    public bool HasNextHop;
    public bool HasMpReach;
    public BgpAddressFamily? UnreachFamily;
    public bool UnreachEmpty;
    public bool TreatAsWithdraw;
    public BgpNotification? Error;
    public string? Problem;

    public void Reset(BgpNotification error, string problem)
    {
        Error = error;
        Problem = problem;
    }

    public void Withdraw(string problem)
    {
        if (!TreatAsWithdraw)
        {
            Problem = problem;   // the first treat-as-withdraw reason wins over earlier notes
        }

        TreatAsWithdraw = true;
    }

    public void WithdrawIf(bool condition, string problem)
    {
        if (condition)
        {
            Withdraw(problem);
        }
    }

    public void Note(string problem)
    {
        Problem ??= problem;
    }

    public void NoteIf(bool condition, string problem)
    {
        if (condition)
        {
            Note(problem);
        }
    }
}
