using System.Collections.Concurrent;

namespace Padata.Properties;

/// <summary>
/// A job run natively on an engine with a thread function that only records the chunks it is
/// called on (no work per unit, so jobs of 2^64 − 1 units run in microseconds). The caller's wait is
/// bounded: past <see cref="Bound"/> the run fails naming the job and the engine's pool.
/// </summary>
internal sealed record RecordedRun(JobResult Result, IReadOnlyList<(ulong Start, ulong End)> Chunks)
{
    /// <summary>Minutes, where a recording job takes microseconds: a bound that fires means a hang.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    public static RecordedRun On(PadataEngine engine, JobShape shape)
    {
        var calls = new ConcurrentQueue<(ulong, ulong)>();
        MultithreadedJob job = shape.ToJob((start, end) => calls.Enqueue((start, end)));
        JobResult result = default;
        Exception? error = null;
        var caller = new Thread(() =>
        {
            try { result = engine.DoMultithreaded(job); }
            catch (Exception e) { error = e; }
        });
        caller.Start();
        if (!caller.Join(Bound))
            Assert.Fail($"{job} on an engine with {engine.PoolAvailable} of its work items in the pool did not return within {Bound}; " +
                        $"{calls.Count} chunk(s) were called.");
        if (error is not null)
            throw new InvalidOperationException($"{job} failed", error);
        return new RecordedRun(result, calls.OrderBy(c => c.Item1).ToList());
    }
}
