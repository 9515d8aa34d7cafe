using Gate64.Ingress;

namespace Gate64.Tests.Ingress;

public class ConnectionBudgetTests
{
    [Fact]
    public void TryOpen_UpToTheMax_ThenRefusesUntilOneCloses()
    {
        ConnectionBudget budget = new(3);

        Assert.True(budget.TryOpen());
        Assert.True(budget.TryOpen());
        Assert.True(budget.TryOpen());
        Assert.False(budget.TryOpen());
        Assert.False(budget.TryOpen());
        Assert.Equal(3, budget.Open);

        budget.Close();

        Assert.Equal(2, budget.Open);
        Assert.True(budget.TryOpen());
        Assert.False(budget.TryOpen());
    }

    [Fact]
    public async Task TryOpen_From16ThreadsAtOnce_NeverHoldsMoreThanTheMax()
    {
        const int Max = 5;
        const int Threads = 16;
        const int Rounds = 20_000;
        ConnectionBudget budget = new(Max);
        int holding = 0;
        int mostHeld = 0;
        int granted = 0;
        using Barrier start = new(Threads);

        Task[] workers = [.. Enumerable.Range(0, Threads).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (int round = 0; round < Rounds; round++)
            {
                if (!budget.TryOpen())
                {
                    continue;
                }
                Interlocked.Increment(ref granted);
                RaiseTo(ref mostHeld, Interlocked.Increment(ref holding));
                Thread.SpinWait(10);
                Interlocked.Decrement(ref holding);
                budget.Close();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))];
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.InRange(mostHeld, 1, Max);
        Assert.True(granted > 0);
        Assert.Equal(0, budget.Open);
    }

    private static void RaiseTo(ref int most, int value)
    {
        int seen = Volatile.Read(ref most);
        while (seen < value)
        {
            int previous = Interlocked.CompareExchange(ref most, value, seen);
            if (previous == seen)
            {
                return;
            }
            seen = previous;
        }
    }
}
