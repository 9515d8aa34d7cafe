using System.Diagnostics;

namespace Gate64.Testing.Routing;

/// <summary>Polls a query until its answer satisfies a condition; no fixed sleeps in routing tests.</summary>
public static class Polling
{
    /// <summary>How often a condition is re-checked unless told otherwise.</summary>
    public static TimeSpan DefaultInterval { get; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Runs <paramref name="query"/> until <paramref name="condition"/> holds for its answer and
    /// returns that answer. A query that throws <see cref="InvalidOperationException"/> (a command
    /// that failed, e.g. a daemon not answering yet) counts as "not yet". After
    /// <paramref name="timeout"/> it throws <see cref="TimeoutException"/> naming
    /// <paramref name="what"/> and showing the last answer through <paramref name="describe"/>.
    /// </summary>
    public static async Task<T> WaitUntilAsync<T>(
        Func<Task<T>> query,
        Func<T, bool> condition,
        TimeSpan timeout,
        string what,
        Func<T, string>? describe = null,
        TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(condition);
        Stopwatch elapsed = Stopwatch.StartNew();
        bool answered = false;
        T last = default!;
        string? lastError = null;
        while (true)
        {
            try
            {
                last = await query().ConfigureAwait(false);
                answered = true;
                lastError = null;
                if (condition(last))
                {
                    return last;
                }
            }
            catch (InvalidOperationException e)
            {
                lastError = e.Message;
            }

            if (elapsed.Elapsed >= timeout)
            {
                string seen = lastError is not null
                    ? $"the last query failed: {lastError}"
                    : answered
                        ? $"last seen:\n{(describe is null ? last?.ToString() : describe(last))}"
                        : "no answer";
                throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:0.#} s; {seen}");
            }

            await Task.Delay(interval ?? DefaultInterval).ConfigureAwait(false);
        }
    }
}
