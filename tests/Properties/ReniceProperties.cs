using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Padata.Reference;

namespace Padata.Properties;

/// <summary>
/// Renice-or-cancel on real threads (docs/design.md §7.2): helpers run at the lowest priority, a
/// caller that would wait cancels its queued helpers and raises the running ones only until they
/// finish. The priority is read from the OS (<c>/proc/self/task/TID/stat</c>), not from the engine.
/// </summary>
[Properties(Arbitrary = [typeof(Generators)], MaxTest = 100)]
public class ReniceProperties
{
    /// <summary>Linux's MAX_NICE, the lowest priority a thread can have (stated here, not taken from the engine).</summary>
    private const int LinuxLowestNice = 19;

    [DllImport("libc")]
    private static extern int gettid();

    /// <summary>A thread's nice value as the kernel reports it (field 19 of its stat line).</summary>
    private static int NiceOf(int tid)
    {
        string stat = File.ReadAllText($"/proc/self/task/{tid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Property]
    public Property After_any_job_every_workqueue_thread_that_ran_a_chunk_is_back_at_the_lowest_priority(RunShape run, byte spinByte)
    {
        bool linux = OperatingSystem.IsLinux();
        return Prop.When(linux, () =>
        {
            using var engine = new BoundedEngine(run.PoolCapacity);
            int caller = 0;
            var helperThreads = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
            int spin = spinByte % 4 * 2_000;
            // Chunks that take a while keep helpers running when the caller runs out of work: those are the ones it raises.
            MultithreadedJob job = run.Job.ToJob((_, _) =>
            {
                int tid = gettid();
                if (tid != Volatile.Read(ref caller))
                    helperThreads[tid] = true;
                Thread.SpinWait(spin);
            });

            // The bounded wait runs the job on a thread of its own: that thread is the caller.
            engine.Run($"{run}", e =>
            {
                Volatile.Write(ref caller, gettid());
                return e.DoMultithreaded(job);
            });
            // A raised thread sets itself back when its helper ends, which may be just after the
            // caller returned: wait (bounded) until every workqueue thread is idle.
            Bounded.Until(() => engine.Engine.Snapshot() is { } s && s.IdleWorkerThreads == s.WorkerThreads, engine.Engine,
                          $"{run}: every workqueue thread idle after the job");

            foreach (int tid in helperThreads.Keys)
                Assert.Equal(LinuxLowestNice, NiceOf(tid));
            Assert.Equal(0, engine.Engine.Snapshot().RaisedWorkerThreads);
        }).Classify(run.PoolCapacity == 0, "no helper").Classify(spinByte % 4 != 0, "slow chunks");
    }

    [Property]
    public Property Cancelled_plus_run_helpers_equal_the_queued_ones(RunShape first, JobShape[] more, byte spinByte)
    {
        int pool = first.PoolCapacity;
        JobShape[] jobs = [first.Job, .. more.Take(5)];
        var engine = new BoundedEngine(pool);
        int spin = spinByte % 4 * 2_000;
        foreach (JobShape shape in jobs)
            engine.DoMultithreaded(shape.ToJob((_, _) => Thread.SpinWait(spin)));
        engine.Dispose();

        // One caller, jobs one after another: each finds the pool whole, so the helpers it queues
        // are the kernel rule's grant (tests/Reference), not what the engine says it queued.
        int queued = jobs.Sum(j => KernelPlan.WithPool(j.Start, j.Size, j.Align, j.MinChunk, j.MaxThreads, pool).GrantedHelpers);
        EngineState after = engine.Engine.Snapshot();
        Assert.True(after.HelpersRun + after.HelpersCancelled == queued,
            $"{queued} helper(s) queued by {jobs.Length} job(s) on a pool of {pool}; {after.HelpersRun} run + {after.HelpersCancelled} cancelled ({after})");
        // The callers count what they cancelled, the workqueue what it found cancelled: the same helpers.
        Assert.True(after.HelpersFoundCancelled == after.HelpersCancelled,
            $"the callers cancelled {after.HelpersCancelled} helper(s), the workqueue found {after.HelpersFoundCancelled} cancelled ({after})");
        Assert.Equal(0, after.RaisedWorkerThreads);
        Assert.Equal(0, after.QueuedHelpers);
        return true.ToProperty()
            .Classify(after.HelpersCancelled > 0, "some helpers cancelled")
            .Classify(after.HelpersRun > 0, "some helpers run")
            .Classify(queued == 0, "no helper queued");
    }
}
