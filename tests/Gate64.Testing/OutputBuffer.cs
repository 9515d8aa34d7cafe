using System.Text;

namespace Gate64.Testing;

/// <summary>
/// The lines a child process printed, bounded to the newest <see cref="Capacity"/> characters, with
/// waiters for a text that may still come.
/// </summary>
public sealed class OutputBuffer
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();
    private readonly List<(string Text, TaskCompletionSource<bool> Seen)> _waiters = [];
    private long _droppedCharacters;
    private bool _completed;

    public OutputBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public void AppendLine(string line)
    {
        lock (_gate)
        {
            _text.Append(line).Append('\n');
            if (_text.Length > Capacity)
            {
                int excess = _text.Length - Capacity;
                _text.Remove(0, excess);
                _droppedCharacters += excess;
            }

            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (line.Contains(_waiters[i].Text, StringComparison.Ordinal))
                {
                    _waiters[i].Seen.TrySetResult(true);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>No more lines will come: pending waiters complete with false.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            foreach ((string _, TaskCompletionSource<bool> seen) in _waiters)
            {
                seen.TrySetResult(false);
            }

            _waiters.Clear();
        }
    }

    /// <summary>
    /// Completes with true once <paramref name="text"/> was printed (already, or within one later
    /// line), with false when the output ends without it.
    /// </summary>
    public Task<bool> WaitForAsync(string text)
    {
        lock (_gate)
        {
            if (_text.ToString().Contains(text, StringComparison.Ordinal))
            {
                return Task.FromResult(true);
            }

            if (_completed)
            {
                return Task.FromResult(false);
            }

            TaskCompletionSource<bool> seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((text, seen));
            return seen.Task;
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return _droppedCharacters == 0
                ? _text.ToString()
                : $"[{_droppedCharacters} earlier characters dropped]\n{_text}";
        }
    }
}
