using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Padata.Reference;

namespace Padata.Properties;

/// <summary>
/// The engine's planner and the engine itself against the kernel's rule restated in test code
/// (<see cref="KernelPlan"/>), over random shapes: sizes, aligns and minimum chunks up to
/// <see cref="ulong.MaxValue"/>, starts just below it, and pools shorter than the request.
/// </summary>
[Properties(Arbitrary = [typeof(Generators)], MaxTest = 1000)]
public class KernelPlanProperties
{
    /// <summary>Pools of 0..17 items: below, at and above what jobs of up to 16 threads ask for.</summary>
    private static int Pool(byte items) => items % 18;

    private static KernelPlan Reference(JobShape s, int pool) => KernelPlan.WithPool(s.Start, s.Size, s.Align, s.MinChunk, s.MaxThreads, pool);

    private static Property Classified(Property property, JobShape s, KernelPlan expected) =>
        property
            .Classify(expected.RequestedWorkers == 1, "fast path")
            .Classify(expected.Workers < expected.RequestedWorkers, "short pool")
            .Classify(s.Size > ulong.MaxValue / 2 || s.Start > ulong.MaxValue / 2, "near ulong.MaxValue")
            .Classify(s.Start % s.Align != 0 && expected.Chunks.Count > 1, "unaligned start");

    [Property]
    public Property The_planner_gives_the_kernel_rule_requested_workers_chunk_size_and_chunks(JobShape shape, byte poolItems)
    {
        KernelPlan expected = Reference(shape, Pool(poolItems));
        ChunkPlan plan = ChunkPlan.Create(shape.ToJob(), expected.GrantedHelpers);
        bool matches = (plan.RequestedWorkers, plan.Workers, plan.ChunkSize) == (expected.RequestedWorkers, expected.Workers, expected.ChunkSize)
                           && plan.Chunks.Select(c => (c.Start, c.End)).SequenceEqual(expected.Chunks);
        return Classified(matches.Label($"kernel rule: {expected}; planner: requested {plan.RequestedWorkers}, {plan.Workers} worker(s), chunk {plan.ChunkSize}: {string.Join(" ", plan.Chunks.Take(20))}"),
                          shape, expected);
    }

    [Property(MaxTest = 300)]
    public Property The_engine_calls_exactly_the_kernel_rule_chunks_with_the_workers_a_fresh_pool_grants(JobShape shape, byte poolItems)
    {
        int pool = Pool(poolItems) % 6;
        KernelPlan expected = Reference(shape, pool);
        using var engine = new PadataEngine(pool);
        RecordedRun run = RecordedRun.On(engine, shape);
        JobResult r = run.Result;
        bool matches = (r.RequestedWorkers, r.Workers, r.ChunkSize, r.Chunks) == (expected.RequestedWorkers, expected.Workers, expected.ChunkSize, expected.Chunks.Count)
                           && run.Chunks.SequenceEqual(expected.Chunks)
                           && engine.PoolAvailable == pool;
        return Classified(matches.Label($"kernel rule with a pool of {pool}: {expected}; engine: {r}, called {string.Join(" ", run.Chunks.Take(20).Select(c => $"[{c.Start}, {c.End})"))}"),
                          shape, expected);
    }
}
