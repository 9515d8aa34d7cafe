using Gate64.Bgp.Fsm;
using Gate64.Protocols.Bgp;

namespace Gate64.Tests.Bgp.Fsm;

/// <summary>Records every action of the machine in order, like a driver that logs instead of doing.</summary>
internal sealed class RecordingSessionActions : IBgpSessionActions
{
    public const string ConnectMarker = "connect";
    public const string DisconnectMarker = "disconnect";

    private readonly TimeProvider _time;
    private readonly DateTimeOffset _origin;

    public RecordingSessionActions(TimeProvider time)
    {
        _time = time;
        _origin = time.GetUtcNow();
    }

    public List<object> Log { get; } = [];

    /// <summary>When each entry of <see cref="Log"/> happened, measured from the recorder's creation.</summary>
    public List<TimeSpan> Times { get; } = [];

    /// <summary>Runs inside <see cref="Connect"/>; lets a test try a re-entrant call.</summary>
    public Action? OnConnect { get; set; }

    public void Connect()
    {
        Record(ConnectMarker);
        OnConnect?.Invoke();
    }

    public void Send(ReadOnlyMemory<byte> message) => Record(new SentMessage(message.ToArray()));

    public void Disconnect() => Record(DisconnectMarker);

    public void Established(BgpSessionInfo session) => Record(session);

    public void SessionDown(BgpSessionDown down) => Record(down);

    public void RouteRefreshRequested(BgpAddressFamily family) => Record(family);

    public void UpdateReceived(BgpUpdateParseResult update) => Record(update);

    public IEnumerable<SentMessage> Sent => Log.OfType<SentMessage>();

    public int Connects => Log.Count(ConnectMarker.Equals);

    public int Disconnects => Log.Count(DisconnectMarker.Equals);

    public IEnumerable<BgpMessageType> SentTypes => Sent.Select(s => s.Type);

    /// <summary>When each entry matching <paramref name="match"/> was recorded.</summary>
    public List<TimeSpan> TimesOf(Func<object, bool> match) => Log.Select((a, i) => (a, i)).Where(x => match(x.a)).Select(x => Times[x.i]).ToList();

    /// <summary>Returns the actions recorded so far and starts a new log.</summary>
    public List<object> Take()
    {
        List<object> taken = [.. Log];
        Log.Clear();
        Times.Clear();
        return taken;
    }

    private void Record(object action)
    {
        Log.Add(action);
        Times.Add(_time.GetUtcNow() - _origin);
    }
}
