using Microsoft.Coyote.Specifications;

namespace Padata.Harness.Scenarios;

/// <summary>
/// Threads taking and returning work items of one pool, each checking that no item it was granted
/// is held by anyone else: the pool's exclusivity, which the engine's "no item is ever held by two
/// jobs at once" rests on.
/// </summary>
internal sealed class PoolScenario(string name, int capacity, IReadOnlyList<int[]> takesPerThread) : Scenario
{
    public override string Name => name;

    public override string Shape =>
        $"pool={capacity} takes: " + string.Join(" | ", takesPerThread.Select(t => string.Join(",", t)));

    /// <summary>It runs no job: its log has no outcome, and it has no native run.</summary>
    public override bool RunsJobs => false;

    public override void Run()
    {
        var log = new ExecutionLog();
        LastLog = log;
        var pool = new WorkPool(capacity);
        var holder = new string?[capacity];

        var threads = new Thread[takesPerThread.Count];
        for (int t = 0; t < threads.Length; t++)
        {
            int[] takes = takesPerThread[t];
            string me = $"taker/{t}";
            threads[t] = new Thread(() =>
            {
                ExecutionLog.NameCurrentThread(me);
                foreach (int count in takes)
                {
                    PadataWork[] items = pool.Take(count);
                    foreach (PadataWork item in items)
                    {
                        Specification.Assert(holder[item.Id] is null, $"{item} granted to {me} while {holder[item.Id]} holds it.");
                        holder[item.Id] = me;
                    }
                    // Hold the items across a scheduling point, so other takers can run while
                    // they are held (without one, holding would be atomic and the check vacuous).
                    Thread.Yield();
                    foreach (PadataWork item in items)
                        holder[item.Id] = null;
                    pool.Return(items);
                }
            });
        }
        foreach (Thread thread in threads) thread.Start();
        foreach (Thread thread in threads) thread.Join();

        Specification.Assert(pool.Available == capacity, $"{pool.Available} of {capacity} items are back in the pool.");
    }
}
