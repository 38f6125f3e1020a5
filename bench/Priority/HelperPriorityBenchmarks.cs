using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Padata.Models;

namespace Padata.Bench.Priority;

/// <summary>
/// Renice-or-cancel measured (issue 17, docs/design.md §7.2): the latency of one deferred page init
/// of a 16 GiB zone on all CPUs, on the idle machine and with every CPU kept busy by a
/// <see cref="SpinLoad"/> of normal-priority threads, and what the job costs that load. The helper
/// priority is the process's <c>PADATA_HELPER_PRIORITY</c> (read once per process): the
/// <c>priority</c> command runs this class as three BenchmarkDotNet jobs that set it
/// (<see cref="HelperPriorityRun"/>); a run without it measures whatever the environment says.
/// <para>
/// Each iteration starts from a cleared memmap and, on the busy machine, first lets the load run
/// alone for <see cref="AloneWindow"/> while this thread sleeps: the load's throughput during the
/// job is compared with that. Every job is verified after its iteration. What each job did is
/// printed in one line when the process ends (<see cref="LaunchRecord"/>), where the host reads it.
/// </para>
/// </summary>
[Config(typeof(BenchConfig))]
public class HelperPriorityBenchmarks
{
    public enum Machine
    {
        Idle,
        Busy,
    }

    private static readonly TimeSpan AloneWindow = TimeSpan.FromMilliseconds(100);

    [Params(Machine.Idle, Machine.Busy)]
    public Machine Load { get; set; }

    private MemoryLayout layout = null!;
    private Memmap memmap = null!;
    private MemoryModel model = null!;
    private PadataEngine engine = null!;
    private SpinLoad? load;
    private readonly List<JobRecord> jobs = [];
    private string loadAverageStart = "";
    private string mode = "";
    private int processNice;
    private bool initialized;
    private double? aloneRate;
    private EngineState before = null!;
    private double jobMs;
    private double? loadKept;

    [GlobalSetup]
    public void Setup()
    {
        loadAverageStart = ThreadNice.LoadAverage();
        // Before any thread is started: the load's and the workqueue's inherit this thread's nice value.
        processNice = ThreadNice.ReturnToParentNice();
        // Read where the engine reads it, before its first use in this process.
        mode = Environment.GetEnvironmentVariable(Padata.HelperPriority.Variable) is { Length: > 0 } set ? set : "lowest";
        layout = MemoryLayout.SingleZone(MemoryGeometry.X86_64, PageInitBenchmarks.ZoneStart, PageInitBenchmarks.ZonePages, Environment.ProcessorCount);
        memmap = new Memmap(layout.Span);
        engine = new PadataEngine(Environment.ProcessorCount);
        if (Load == Machine.Busy)
            load = new SpinLoad(Environment.ProcessorCount);
    }

    [IterationSetup]
    public void FreshMemmap()
    {
        model = new MemoryModel(layout, memmap);
        initialized = false;
        before = engine.Snapshot();
        aloneRate = null;
        if (load is null)
            return;
        long start = Stopwatch.GetTimestamp(), completed = load.Completed;
        Thread.Sleep(AloneWindow);
        aloneRate = (load.Completed - completed) / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    [Benchmark(Description = "page init, all CPUs")]
    public void PageInit()
    {
        long completed = load?.Completed ?? 0;
        long start = Stopwatch.GetTimestamp();
        DeferredPageInit.Run(engine, model);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        long during = (load?.Completed ?? 0) - completed;
        jobMs = elapsed.TotalMilliseconds;
        loadKept = aloneRate is double alone && alone > 0 ? during / elapsed.TotalSeconds / alone : null;
        initialized = true;
    }

    [IterationCleanup]
    public void VerifyRun()
    {
        if (!initialized)
            return;
        VerificationReport report = MemmapVerifier.Verify(model);
        if (!report.Holds)
            throw new InvalidOperationException($"{nameof(HelperPriorityBenchmarks)} ({Load}) produced a wrong memmap: {report}");
        EngineState after = engine.Snapshot();
        int cancelled = after.HelpersCancelled - before.HelpersCancelled;
        // lowest-wait's one promise beside nice 19: the caller waits, it cancels nothing.
        if (mode == "lowest-wait" && cancelled > 0)
            throw new InvalidOperationException($"PADATA_HELPER_PRIORITY=lowest-wait, but the job cancelled {cancelled} helper(s).");
        jobs.Add(new JobRecord(jobMs, loadKept, cancelled, after.HelpersRun - before.HelpersRun));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        load?.Dispose();
        int workerThreads = engine.Snapshot().WorkerThreads;
        int atNice19 = ThreadNice.ThreadsAt(19);
        engine.Dispose();
        // The setting is checked against what the OS shows, not against the engine's word: with
        // inherit no thread of a process below nice 19 is at 19; otherwise every workqueue thread is.
        if (OperatingSystem.IsLinux() && processNice < 19)
        {
            bool lowered = mode != "inherit";
            if (lowered && atNice19 < workerThreads)
                throw new InvalidOperationException($"PADATA_HELPER_PRIORITY={mode}, but only {atNice19} of the engine's {workerThreads} workqueue threads are at nice 19.");
            if (!lowered && atNice19 > 0)
                throw new InvalidOperationException($"PADATA_HELPER_PRIORITY=inherit, but {atNice19} thread(s) of this process are at nice 19.");
        }
        Console.WriteLine(new LaunchRecord(mode, processNice, load?.ThreadCount ?? 0, loadAverageStart, ThreadNice.LoadAverage(), atNice19, jobs).Format());
    }
}
