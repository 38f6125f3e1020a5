using Padata.Models;

namespace Padata.Harness.Conformance;

/// <summary>
/// One run of a catalog scenario's shape on real threads, unrewritten: the scenario's own driver
/// cannot run natively (its ledger and log are unsynchronized on purpose, and it calls Coyote's
/// scheduling points and assertions), so this drives the same shape (the same engine, pool, callers
/// and jobs, the same thread functions for page init, the same throwing chunks) and records the same
/// events, with <see cref="Perturbation"/> in the chunk functions and callers.
/// </summary>
internal static class NativeShapeRun
{
    /// <summary>Runs <paramref name="scenario"/> once; <paramref name="started"/> learns the engine (for a hang report).</summary>
    /// <exception cref="InvalidOperationException">The run broke an invariant the outcome cannot show (page init's memmap).</exception>
    public static void Run(Scenario scenario, NativeRecorder recorder, Action<PadataEngine> started)
    {
        switch (scenario)
        {
            case EngineJobsScenario jobs:
                RunJobs(jobs, recorder, started);
                break;
            case PageInitScenario pageInit:
                RunPageInit(pageInit, recorder, started);
                break;
            default:
                throw new ArgumentException($"{scenario.Name} runs no jobs: it has no native conformance run.", nameof(scenario));
        }
    }

    /// <summary>
    /// Whether <see cref="Run"/> can run <paramref name="scenario"/>. Not the busy-machine entries:
    /// natively the workqueue threads do get a CPU, so their outcomes lie outside that model's.
    /// </summary>
    public static bool Supports(Scenario scenario) => scenario is EngineJobsScenario { BusyMachineJudge: null } or PageInitScenario;

    private static void RunJobs(EngineJobsScenario scenario, NativeRecorder recorder, Action<PadataEngine> started)
    {
        using var engine = new PadataEngine(scenario.PoolCapacity);
        started(engine);
        var others = new Thread[scenario.Callers.Count - 1];
        for (int c = 1; c < scenario.Callers.Count; c++)
        {
            int caller = c;
            others[c - 1] = new Thread(() => RunCaller(engine, scenario.Callers[caller], caller, recorder)) { IsBackground = true };
            others[c - 1].Start();
        }
        RunCaller(engine, scenario.Callers[0], 0, recorder);
        foreach (Thread other in others)
            other.Join();
    }

    private static void RunCaller(PadataEngine engine, IReadOnlyList<JobSpec> jobs, int caller, NativeRecorder recorder)
    {
        NativeRecorder.NameCurrentThread($"caller/{caller}");
        for (int index = 0; index < jobs.Count; index++)
        {
            JobSpec spec = jobs[index];
            string id = $"{caller}.{index}";
            RunJob(engine, spec, id, recorder, work: null);
        }
    }

    private static void RunPageInit(PageInitScenario scenario, NativeRecorder recorder, Action<PadataEngine> started)
    {
        NativeRecorder.NameCurrentThread("caller/0");
        using var engine = new PadataEngine(scenario.PoolCapacity);
        started(engine);
        var model = new MemoryModel(scenario.Layout);
        foreach (Zone zone in model.Zones)
        {
            MultithreadedJob job = DeferredPageInit.JobFor(model, zone);
            RunJob(engine, new JobSpec(job.Start, job.Size, job.Align, job.MinChunk, job.MaxThreads), zone.Name, recorder, job.ThreadFunction);
        }
        VerificationReport report = MemmapVerifier.Verify(model);
        if (!report.Holds)
            throw new InvalidOperationException($"After deferred init of every zone: {report}");
    }

    /// <summary>One job as the scenario's caller runs it: the same events, around the same call.</summary>
    private static void RunJob(PadataEngine engine, JobSpec spec, string id, NativeRecorder recorder, ChunkFunction? work)
    {
        recorder.Add(id, EventKind.CallerEntered);
        Perturbation.Here();
        bool threw = false;
        try
        {
            engine.DoMultithreaded(spec.ToJob((start, end) => RunChunk(spec, id, recorder, work, start, end)));
        }
        catch (JobFailedException)
        {
            threw = true;
        }
        recorder.Add(id, threw ? EventKind.CallerThrew : EventKind.CallerReturned);
        Perturbation.Here();
    }

    private static void RunChunk(JobSpec spec, string id, NativeRecorder recorder, ChunkFunction? work, ulong start, ulong end)
    {
        var chunk = new Chunk(start, end);
        recorder.Add(id, EventKind.ChunkStarted, chunk);
        Perturbation.Here();
        work?.Invoke(start, end);
        Perturbation.Here();
        if (spec.ThrowingChunkStarts.Contains(start))
        {
            recorder.Add(id, EventKind.ChunkThrew, chunk);
            throw new ChunkFault(chunk);
        }
        recorder.Add(id, EventKind.ChunkReturned, chunk);
    }
}
