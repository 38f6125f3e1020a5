namespace Padata.Bench.Priority;

/// <summary>
/// A fixed, bounded CPU load: one normal-priority thread per CPU, each spinning on a small integer
/// loop and counting the loops it completed, from construction until <see cref="Dispose"/>. Its
/// throughput is <see cref="Completed"/> over time; the benchmark reads it around a job to see
/// what the job cost the load.
/// </summary>
internal sealed class SpinLoad : IDisposable
{
    // One counter per thread, 128 bytes apart so that no two threads write the same cache line.
    private const int Stride = 16;
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(10);

    private readonly Thread[] threads;
    private readonly long[] counts;
    private volatile bool stopping;

    public SpinLoad(int threadCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        counts = new long[(threadCount + 1) * Stride];
        threads = new Thread[threadCount];
        for (int i = 0; i < threadCount; i++)
        {
            int slot = (i + 1) * Stride;
            // Background: a benchmark process that fails before Dispose still exits. Normal priority,
            // like any other work on the machine; started by the benchmark's thread, whose nice value
            // Linux gives each new thread.
            threads[i] = new Thread(() => Spin(slot)) { IsBackground = true, Name = $"spin-load-{i}" };
            threads[i].Start();
        }
    }

    public int ThreadCount => threads.Length;

    /// <summary>Loops completed by all the threads so far (each loop is 1,024 xorshift steps, about a microsecond).</summary>
    public long Completed
    {
        get
        {
            long total = 0;
            for (int i = 1; i <= threads.Length; i++)
                total += Volatile.Read(ref counts[i * Stride]);
            return total;
        }
    }

    private void Spin(int slot)
    {
        ulong x = (ulong)slot * 0x9E3779B97F4A7C15UL | 1;
        while (!stopping)
        {
            for (int k = 0; k < 1024; k++)
            {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
            }
            Volatile.Write(ref counts[slot], counts[slot] + 1);
        }
        // Kept beside the count (same thread, same line), so the loop's result is used.
        counts[slot + 1] = (long)x;
    }

    /// <summary>Stops the threads and joins them; a thread not stopped within 10 s is an error, not a hang.</summary>
    public void Dispose()
    {
        stopping = true;
        foreach (Thread thread in threads)
            if (!thread.Join(StopBound))
                throw new InvalidOperationException($"{thread.Name} did not stop within {StopBound.TotalSeconds:F0} s of the load being stopped.");
    }
}
