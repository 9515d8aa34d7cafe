namespace Gate64.Platform;

/// <summary>
/// Runs a loop that blocks (in system calls, on purpose) on a named background thread of its own rather than on the
/// thread pool, and tells how it ended as a task: completed when the loop returns, faulted when it throws.
/// </summary>
internal static class DedicatedThread
{
    public static Task RunAsync(string name, Action loop)
    {
        TaskCompletionSource ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Thread thread = new(() =>
        {
            try
            {
                loop();
                ended.SetResult();
            }
            catch (Exception exception)
            {
                ended.SetException(exception);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return ended.Task;
    }
}
