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

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);

    /// <summary>The nice value the caller of the raise property runs at: neither 0 nor the lowest, so a raise to it is told apart from either.</summary>
    private const int CallerNice = 5;

    /// <summary>
    /// A caller above the default priority, at nice −1: the one value getpriority also returns on
    /// error, where only errno tells a real −1 from a failure (the engine must raise to −1, not to 0).
    /// </summary>
    private const int CallerNiceMinusOne = -1;

    /// <summary>
    /// Whether a thread may set itself to <paramref name="nice"/> (5: always from a process at nice 5 or
    /// less; from one at nice 19, as under Stryker, and −1 always: with root or CAP_SYS_NICE): tried once on a throwaway thread.
    /// </summary>
    private static bool CanRunAt(int nice)
    {
        if (!OperatingSystem.IsLinux())
            return false;
        bool ok = false;
        var probe = new Thread(() => ok = setpriority(0, gettid(), nice) == 0);
        probe.Start();
        probe.Join();
        return ok;
    }

    private static readonly Lazy<bool> CanRunAtCallerNice = new(() => CanRunAt(CallerNice));
    private static readonly Lazy<bool> CanRunAtMinusOne = new(() => CanRunAt(CallerNiceMinusOne));

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

    /// <summary>
    /// The caller runs at nice 5 (whatever the process's own nice value: a run under <c>nice -n 19</c>
    /// would otherwise leave every thread at the lowest priority already, and nothing to see). A
    /// helper starts at the lowest priority; while its caller waits for it, it runs at the caller's
    /// priority; when it has finished it is back at the lowest. Read from the OS, in the helper's
    /// own chunk, once before the caller ran out of chunks and once after the engine records the raise.
    /// </summary>
    [Property(MaxTest = 10)]
    public Property A_helper_runs_at_the_lowest_priority_until_its_caller_waits_then_at_the_callers_until_it_finishes(byte spinByte) =>
        Prop.When(CanRunAtCallerNice.Value, () => HelperRaisedToItsCallersNice(CallerNice, spinByte));

    /// <summary>
    /// The same at nice −1 (needs root or CAP_SYS_NICE, which the test processes here have): the raise
    /// is to −1, the caller's real nice value, not to 0 as if getpriority had failed.
    /// </summary>
    [Property(MaxTest = 5)]
    public Property A_helper_whose_caller_runs_at_nice_minus_1_is_raised_to_minus_1_not_to_0(byte spinByte) =>
        Prop.When(CanRunAtMinusOne.Value, () => HelperRaisedToItsCallersNice(CallerNiceMinusOne, spinByte));

    private static void HelperRaisedToItsCallersNice(int callerNice, byte spinByte)
    {
        int spin = spinByte * 100;
        int caller = 0, helperStarted = 0, helperTid = 0;
        int niceAtStart = int.MinValue, niceWhileWaited = int.MinValue;
        PadataEngine? engine = null;
        // Two chunks of one unit, one helper: the caller and the helper take one each, in either order.
        Bounded.Call(() =>
        {
            Assert.Equal(0, setpriority(0, gettid(), callerNice));
            Volatile.Write(ref caller, gettid());
            // Created here, so its workqueue threads are started by a thread at the caller's nice value.
            engine = new PadataEngine(1);
            var job = new MultithreadedJob(0, 2, 1, 1, 2, (_, _) =>
            {
                int tid = gettid();
                if (tid == Volatile.Read(ref caller))
                {
                    // The caller's chunk holds it until the helper has started its own, so the
                    // helper is running (not queued, not cancelled) when the caller runs out.
                    Bounded.Until(() => Volatile.Read(ref helperStarted) == 1, engine, "the helper started its chunk");
                    Thread.SpinWait(spin);
                    return;
                }
                helperTid = tid;
                niceAtStart = NiceOf(tid);
                Volatile.Write(ref helperStarted, 1);
                Bounded.Until(() => engine!.Snapshot().RaisedWorkerThreads == 1, engine, "the caller raised its helper");
                niceWhileWaited = NiceOf(tid);
            });
            JobResult result = engine.DoMultithreaded(job);
            Assert.Equal((2, 2), (result.Workers, result.Chunks));
            return 0;
        }, null, $"a job of one helper whose caller runs at nice {callerNice}");
        Bounded.Until(() => engine!.Snapshot() is { } s && s.IdleWorkerThreads == s.WorkerThreads, engine, "the helper's thread idle after the job");

        Assert.Equal(LinuxLowestNice, niceAtStart);
        Assert.Equal(callerNice, niceWhileWaited);
        Assert.Equal(LinuxLowestNice, NiceOf(helperTid));
        Assert.Equal(0, engine!.Snapshot().RaisedWorkerThreads);
        Bounded.Call(() => { engine.Dispose(); return 0; }, engine, "Dispose");
    }
}
