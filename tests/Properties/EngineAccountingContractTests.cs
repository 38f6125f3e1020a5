namespace Padata.Properties;

/// <summary>
/// The engine's own refusals and its accounting of helpers, pinned by worked examples: a job on a
/// node past the topology, a disposed engine asked to start workers, a helper waiting in the queue
/// as the engine's snapshot counts it, and the places under the caps given back for helpers that
/// never ran (cancelled by their caller, or never queued because the engine was disposed under the
/// job). Added for mutation testing (docs/mutation.md).
/// <para>
/// Some of these states exist only for a moment (a helper between its queueing and a thread taking
/// it; a job between the engine's disposed check and its queueing): each such test repeats its
/// attempt, each on a fresh engine, until the state was reached, a bounded number of times, and fails
/// if it never was, so it cannot pass without checking what it is about.
/// </para>
/// </summary>
public class EngineAccountingContractTests
{
    private static readonly ChunkFunction Nothing = (_, _) => { };

    [Fact]
    public void A_job_on_a_node_past_the_topology_is_refused_with_the_nodes_there_are()
    {
        using var engine = new PadataEngine(2, Topology.Uniform(2, 2));
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => engine.DoMultithreaded(new MultithreadedJob(0, 8, 1, 1, 2, Nothing) { Node = 2 }));
        Assert.Equal(("job", (object?)2), (refused.ParamName, refused.ActualValue));
        Assert.StartsWith("job.Node is 2; this engine's topology has nodes 0 to 1.", refused.Message);

        using var one = new PadataEngine(2);
        var onOne = Assert.Throws<ArgumentOutOfRangeException>(() => one.DoMultithreaded(new MultithreadedJob(0, 8, 1, 1, 2, Nothing) { Node = 4 }));
        Assert.StartsWith("job.Node is 4; this engine's topology has nodes 0 to 0.", onOne.Message);
    }

    [Fact]
    public void A_disposed_engine_refuses_to_start_workers_as_the_engine()
    {
        var engine = new PadataEngine(2);
        engine.Dispose();
        Assert.Equal("Padata.PadataEngine", Assert.Throws<ObjectDisposedException>(() => engine.StartWorkers()).ObjectName);
        Assert.Equal(0, engine.Snapshot().WorkerThreads);
    }

    /// <summary>
    /// A pool of 1 and its one thread started and asleep: a job of two one-unit chunks queues its one
    /// helper, which waits in the queue until the thread wakes up and takes it. The caller's first
    /// chunk (the lowest, run right after the queueing) reads the snapshot: 1 queued helper, or 0 if the
    /// thread was already quicker; never anything else. Repeated until the helper was seen queued.
    /// </summary>
    [Fact]
    public void A_helper_waiting_in_the_queue_is_counted_as_queued_and_only_while_it_waits()
    {
        const int attempts = 100;
        var observed = new List<int>();
        for (int attempt = 0; attempt < attempts && !observed.Contains(1); attempt++)
        {
            var engine = new PadataEngine(1);
            Assert.Equal(1, engine.StartWorkers());
            Bounded.Until(() => engine.Snapshot().IdleWorkerThreads == 1, engine, "the started thread asleep on the queue");
            Thread.Sleep(1);
            int queued = int.MinValue;
            var job = new MultithreadedJob(0, 2, 1, 1, 2, (start, _) =>
            {
                if (start == 0)
                    queued = engine.Snapshot().QueuedHelpers;
            });
            JobResult result = Bounded.Call(() => engine.DoMultithreaded(job), engine, $"attempt {attempt}: {job} on a pool of 1");
            Assert.Equal(2, result.Workers);
            Assert.InRange(queued, 0, 1);
            observed.Add(queued);
            Bounded.Until(() => engine.Snapshot() is { } s && s.IdleWorkerThreads == s.WorkerThreads, engine, "the thread idle after the job");
            Assert.Equal(0, engine.Snapshot().QueuedHelpers);
            Bounded.Call(() => { engine.Dispose(); return 0; }, engine, "Dispose");
        }
        Assert.True(observed.Contains(1), $"no helper was seen waiting in the queue in {attempts} attempts (seen: {string.Join(", ", observed)})");
    }

    /// <summary>
    /// One node of 2 CPUs (default caps: 1 helper on the node, 1 in all), a pool of 2, its one thread
    /// started and asleep: a job of two one-unit chunks is granted its one helper, and its caller
    /// usually runs both chunks before the thread wakes, so it cancels the helper, which never runs
    /// and so never gives back its place under the caps itself: the caller must. The next job on the
    /// idle engine is then granted its helper again. Repeated until a helper was cancelled.
    /// </summary>
    [Fact]
    public void A_helper_its_caller_cancelled_gives_its_place_under_the_caps_back_so_the_next_job_gets_it()
    {
        const int attempts = 100;
        bool cancelledOne = false;
        for (int attempt = 0; attempt < attempts && !cancelledOne; attempt++)
        {
            var engine = new PadataEngine(2, Topology.Uniform(1, 2));
            Assert.Equal(1, engine.StartWorkers());
            Bounded.Until(() => engine.Snapshot().IdleWorkerThreads == 1, engine, "the started thread asleep on the queue");
            Thread.Sleep(1);
            var job = new MultithreadedJob(0, 2, 1, 1, 2, Nothing);
            Assert.Equal(2, Bounded.Call(() => engine.DoMultithreaded(job), engine, $"attempt {attempt}: {job}").Workers);
            cancelledOne = engine.Snapshot().HelpersCancelled == 1;
            Bounded.Until(() => engine.Snapshot() is { } s && s.IdleWorkerThreads == s.WorkerThreads && s.QueuedHelpers == 0, engine, "the engine idle after the job");
            Assert.Equal(2, Bounded.Call(() => engine.DoMultithreaded(job), engine, $"attempt {attempt}: the next {job}").Workers);
            Bounded.Call(() => { engine.Dispose(); return 0; }, engine, "Dispose");
        }
        Assert.True(cancelledOne, $"no helper was cancelled in {attempts} attempts");
    }

    /// <summary>
    /// One node capped at 1 helper, a pool of 2; a caller runs per-node jobs in a loop (400 one-chunk
    /// ranges, which the engine validates and plans before it queues anything, and one range of two
    /// chunks that asks 1 helper) while the test disposes the engine. A job that passed the disposed
    /// check but found the workqueue stopped runs alone, its helper never queued ("retired": neither
    /// run nor cancelled), and its place under the cap must be given back all the same. Every helper
    /// granted is run, cancelled or retired, and once Dispose returned no place under the caps is
    /// held. The places are read from the pool (internal: the public snapshot does not show the caps).
    /// Repeated until a helper was retired.
    /// </summary>
    [Fact]
    public void A_helper_never_queued_because_the_engine_was_disposed_under_its_job_gives_its_place_under_the_caps_back()
    {
        const int attempts = 200;
        var ranges = Enumerable.Range(0, 400).Select(i => new NodeRange(0, (ulong)i, 1)).Append(new NodeRange(0, 1000, 2)).ToArray();
        var job = new PerNodeJob(ranges, 1, 1, 2, Nothing);
        int retired = 0;
        for (int attempt = 0; attempt < attempts && retired == 0; attempt++)
        {
            var engine = new PadataEngine(2, Topology.Uniform(1, 2));
            int granted = 0, completed = 0;
            Exception? error = null;
            var caller = new Thread(() =>
            {
                try
                {
                    while (true)
                    {
                        granted += engine.DoMultithreadedPerNode(job).HelpersPerNode.Sum();
                        Volatile.Write(ref completed, completed + 1);
                    }
                }
                catch (ObjectDisposedException)
                {
                }
                catch (Exception e)
                {
                    // Any other exception must fail this test, not end the test process (nothing
                    // above a thread of its own catches it).
                    error = e;
                }
            }) { IsBackground = true };
            caller.Start();
            Bounded.Until(() => Volatile.Read(ref completed) >= 1 + attempt % 3, engine, $"attempt {attempt}: the caller's first jobs");
            Bounded.Call(() => { engine.Dispose(); return 0; }, engine, $"attempt {attempt}: Dispose under a caller");
            Bounded.Join(caller, engine, $"attempt {attempt}: the caller after Dispose");
            Assert.True(error is null, $"attempt {attempt}: the caller's job threw {error}");

            EngineState after = engine.Snapshot();
            retired = granted - after.HelpersRun - after.HelpersCancelled;
            Assert.True(retired >= 0, $"attempt {attempt}: {granted} helper(s) granted, fewer than run and cancelled ({after})");
            Assert.Equal([0], engine.Pool.Running);
            Assert.Equal(2, engine.PoolAvailable);
        }
        Assert.True(retired > 0, $"no job was disposed under between its check and its queueing in {attempts} attempts");
    }
}
