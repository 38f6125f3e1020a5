using Padata.Reference;

namespace Padata.Properties;

/// <summary>
/// The kernel's planning rule on worked examples, each derived by hand in one line from the rule
/// (docs/design.md; DESIGN.md §2), checked literally against the test reference
/// (<see cref="KernelPlan"/>), the engine's planner and the engine's actual calls.
/// </summary>
public class KernelPlanWorkedExamples
{
    private const ulong Max = ulong.MaxValue;

    /// <summary>(2^64 − 1) / (2·4) = 2^61 − 1.</summary>
    private const ulong EighthOfMax = 2_305_843_009_213_693_951;

    private sealed record Example(string Name, JobShape Job, int Pool, int Requested, int Workers, ulong ChunkSize, (ulong Start, ulong End)[] Chunks, string Derivation);

    private static (ulong, ulong)[] Even(ulong start, ulong end, ulong step) =>
        Enumerable.Range(0, (int)((end - start) / step)).Select(i => (start + (ulong)i * step, start + (ulong)(i + 1) * step)).ToArray();

    private static readonly Example[] Examples =
    [
        new("max-threads-caps-the-request", new JobShape(0, 100, 1, 10, 4), Pool: 3, Requested: 4, Workers: 4, ChunkSize: 10, Even(0, 100, 10),
            "nworks = min(100 / max(10, 1), 4) = 4; 3 granted, n = 4; chunk = max(100 / (4·4) = 6, min_chunk 10) = 10, roundup(10, 1) = 10"),
        new("min-chunk-0-6d45e1c948a8", new JobShape(0, 3, 1, 0, 2), Pool: 1, Requested: 2, Workers: 2, ChunkSize: 1, [(0, 1), (1, 2), (2, 3)],
            "nworks = min(3 / max(0, 1), 2) = 2, n = 2; 3 / 8 = 0, max(0, min_chunk 0) = 0, max(0, 1) = 1 (without this step, before 6d45e1c948a8: chunk 0, roundup(pos + 1, 0) divides by 0)"),
        new("alignment-kept-24cc57d8faaa", new JobShape(0, 4, 2, 0, 2), Pool: 1, Requested: 2, Workers: 2, ChunkSize: 2, [(0, 2), (2, 4)],
            "nworks = min(4 / max(0, 2), 2) = 2, n = 2; 4 / 8 = 0, max(0, 0) = 0, max(0, 1) = 1, roundup(1, 2) = 2 (max(.., 1) after the roundup, before 24cc57d8faaa: roundup(0, 2) = 0, then 1: boundary 1 unaligned)"),
        new("unaligned-start", new JobShape(3, 29, 4, 0, 4), Pool: 3, Requested: 4, Workers: 4, ChunkSize: 4,
            [(3, 4), (4, 8), (8, 12), (12, 16), (16, 20), (20, 24), (24, 28), (28, 32)],
            "nworks = min(29 / max(0, 4) = 7, 4) = 4, n = 4; 29 / 16 = 1, roundup(1, 4) = 4; the first chunk ends at roundup(3 + 1, 4) = 4, then absolute multiples of 4, clipped at 32"),
        new("short-pool-1-of-2", new JobShape(0, 16, 1, 1, 3), Pool: 1, Requested: 3, Workers: 2, ChunkSize: 2, Even(0, 16, 2),
            "nworks = min(16 / 1, 3) = 3, the pool has 1 item: n = 2, chunk = 16 / (2·4) = 2 (from the 3 requested it would be 16 / 12 = 1)"),
        new("short-pool-none-granted", new JobShape(0, 8, 1, 1, 2), Pool: 0, Requested: 2, Workers: 1, ChunkSize: 2, Even(0, 8, 2),
            "nworks = min(8 / 1, 2) = 2 (not the fast path), the pool is empty: n = 1, chunk = 8 / (1·4) = 2, the caller takes all 4 chunks"),
        new("fast-path", new JobShape(5, 9, 1, 10, 4), Pool: 3, Requested: 1, Workers: 1, ChunkSize: 9, [(5, 14)],
            "nworks = max(9 / max(10, 1) = 0, 1) = 1: the caller runs fn(5, 5 + 9) itself, no pool"),
        new("size-2^64-1", new JobShape(0, Max, 1, 0, 2), Pool: 1, Requested: 2, Workers: 2, ChunkSize: EighthOfMax,
            [.. Even(0, 8 * EighthOfMax, EighthOfMax), (8 * EighthOfMax, Max)],
            "nworks = min(2^64 − 1, 2) = 2, n = 2; chunk = (2^64 − 1) / 8 = 2^61 − 1; 8 chunks end at 8·(2^61 − 1) = 2^64 − 8, the 9th holds the last 7 units"),
        new("start-near-2^64", new JobShape(Max - 10, 10, 4, 2, 3), Pool: 2, Requested: 2, Workers: 2, ChunkSize: 4,
            [(Max - 10, Max - 7), (Max - 7, Max - 3), (Max - 3, Max)],
            "nworks = min(10 / max(2, 4) = 2, 3) = 2, n = 2; 10 / 8 = 1, max(1, 2) = 2, roundup(2, 4) = 4; 2^64 − 11 ≡ 1 (mod 4), so boundaries at 2^64 − 8 and 2^64 − 4; the last roundup(pos + 1, 4) = 2^64 is clipped to the end 2^64 − 1"),
    ];

    public static TheoryData<string> Names() => new(Examples.Select(e => e.Name));

    private static Example Find(string name) => Examples.Single(e => e.Name == name);

    [Theory]
    [MemberData(nameof(Names))]
    public void The_test_reference_gives_the_worked_example(string name)
    {
        Example e = Find(name);
        JobShape j = e.Job;
        KernelPlan plan = KernelPlan.WithPool(j.Start, j.Size, j.Align, j.MinChunk, j.MaxThreads, e.Pool);
        Assert.Equal((e.Requested, e.Workers, e.ChunkSize), (plan.RequestedWorkers, plan.Workers, plan.ChunkSize));
        Assert.Equal(e.Chunks, plan.Chunks);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_engine_planner_gives_the_worked_example(string name)
    {
        Example e = Find(name);
        ChunkPlan plan = ChunkPlan.Create(e.Job.ToJob(), e.Workers - 1);
        Assert.Equal((e.Requested, e.Workers, e.ChunkSize), (plan.RequestedWorkers, plan.Workers, plan.ChunkSize));
        Assert.Equal(e.Chunks, plan.Chunks.Select(c => (c.Start, c.End)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_engine_runs_the_worked_example(string name)
    {
        Example e = Find(name);
        using var engine = new PadataEngine(e.Pool);
        RecordedRun run = RecordedRun.On(engine, e.Job);
        Assert.Equal((e.Requested, e.Workers, e.ChunkSize, e.Chunks.Length),
                     (run.Result.RequestedWorkers, run.Result.Workers, run.Result.ChunkSize, run.Result.Chunks));
        Assert.Equal(e.Chunks, run.Chunks);
    }
}
