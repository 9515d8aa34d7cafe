namespace Gate64.Nat64.State;

/// <summary>
/// Sessions on one timer, oldest first. Every session on the list has the same lifetime and is (re)appended with the
/// current time, so the list stays sorted by expiry: a sweep stops at the first live session, and a refresh is an
/// O(1) move to the tail, without allocation (the design of Jool's expire_timer lists).
/// </summary>
internal sealed class Nat64ExpiryList
{
    public Nat64ExpiryList(long lifetime)
    {
        Lifetime = lifetime;
    }

    /// <summary>The lifetime in <see cref="TimeProvider.GetTimestamp"/> units.</summary>
    public long Lifetime { get; }

    public Nat64Session? Head { get; private set; }

    public Nat64Session? Tail { get; private set; }

    public int Count { get; private set; }

    public void Append(Nat64Session session, long now)
    {
        session.ExpiresAt = now + Lifetime;
        session.Previous = Tail;
        session.Next = null;
        if (Tail is null)
        {
            Head = session;
        }
        else
        {
            Tail.Next = session;
        }
        Tail = session;
        Count++;
    }

    public void Remove(Nat64Session session)
    {
        if (session.Previous is null)
        {
            Head = session.Next;
        }
        else
        {
            session.Previous.Next = session.Next;
        }
        if (session.Next is null)
        {
            Tail = session.Previous;
        }
        else
        {
            session.Next.Previous = session.Previous;
        }
        session.Previous = null;
        session.Next = null;
        Count--;
    }
}
