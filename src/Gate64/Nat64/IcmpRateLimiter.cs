using System.Diagnostics;

namespace Gate64.Nat64;

/// <summary>A token bucket for the ICMP errors one worker sends (RFC 4443 §2.4 (f), RFC 1812 §4.3.2.8). Not thread-safe: one per worker.</summary>
internal sealed class IcmpRateLimiter
{
    private readonly double _perSecond;
    private readonly double _burst;
    private double _tokens;
    private long _last;

    public IcmpRateLimiter(int perSecond)
    {
        _perSecond = perSecond;
        _burst = perSecond;
        _tokens = perSecond;
        _last = Stopwatch.GetTimestamp();
    }

    /// <summary>True when one more error may go out now.</summary>
    public bool TryTake()
    {
        long now = Stopwatch.GetTimestamp();
        _tokens = Math.Min(_burst, _tokens + ((now - _last) * _perSecond / Stopwatch.Frequency));
        _last = now;
        if (_tokens < 1)
        {
            return false;
        }
        _tokens--;
        return true;
    }
}
