using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Padata.Reference;

namespace Padata.Properties;

/// <summary>
/// Shapes of the plan (partition, alignment, bounds) for any job and any number of granted work
/// items. Requested worker counts come from the test reference (<see cref="KernelPlan"/>), never
/// from the planner under test (docs/design.md §2); <see cref="KernelPlanProperties"/> compares the plan value by value.
/// </summary>
[Properties(Arbitrary = [typeof(Generators)], MaxTest = 500)]
public class ChunkPlanProperties
{
    private static int Requested(JobShape s) => KernelPlan.Requested(s.Size, s.Align, s.MinChunk, s.MaxThreads);

    private static ChunkPlan Plan(JobShape shape, byte poolItems) =>
        ChunkPlan.Create(shape.ToJob(), Math.Min(poolItems, Math.Max(Requested(shape) - 1, 0)));

    [Property]
    public void Chunks_partition_the_job_range_in_order_without_gap_or_overlap(JobShape shape, byte poolItems)
    {
        ChunkPlan plan = Plan(shape, poolItems);
        ulong expectedStart = shape.Start;
        foreach (Chunk chunk in plan.Chunks)
        {
            Assert.Equal(expectedStart, chunk.Start);
            Assert.True(chunk.End > chunk.Start, $"empty chunk {chunk}");
            expectedStart = chunk.End;
        }
        Assert.Equal(shape.End, expectedStart);
        Assert.Equal(shape.Size == 0, plan.Chunks.Count == 0);
    }

    [Property]
    public void Every_interior_chunk_boundary_is_a_multiple_of_align(JobShape shape, byte poolItems)
    {
        ChunkPlan plan = Plan(shape, poolItems);
        for (int i = 1; i < plan.Chunks.Count; i++)
            Assert.True(plan.Chunks[i].Start % shape.Align == 0,
                $"boundary {plan.Chunks[i].Start} between chunks {i - 1} and {i} is not a multiple of align {shape.Align}");
    }

    [Property]
    public void No_chunk_exceeds_the_chunk_size(JobShape shape, byte poolItems)
    {
        ChunkPlan plan = Plan(shape, poolItems);
        Assert.All(plan.Chunks, chunk => Assert.True(chunk.Size <= plan.ChunkSize, $"{chunk} is larger than chunk size {plan.ChunkSize}"));
    }

    [Property]
    public void Granted_workers_never_exceed_requested_and_requested_never_exceeds_max_threads(JobShape shape, byte poolItems)
    {
        ChunkPlan plan = Plan(shape, poolItems);
        Assert.Equal(Requested(shape), plan.RequestedWorkers);
        Assert.InRange(plan.Workers, shape.Size == 0 ? 0 : 1, plan.RequestedWorkers);
        Assert.InRange(plan.RequestedWorkers, 0, shape.MaxThreads);
        Assert.Equal(Math.Min(poolItems, Math.Max(Requested(shape) - 1, 0)), plan.Helpers);
    }

    [Property]
    public Property A_multi_worker_chunk_size_is_at_least_max_of_min_chunk_and_one_and_a_multiple_of_align(JobShape shape, byte poolItems)
    {
        return Prop.When(Requested(shape) >= 2, () =>
        {
            ChunkPlan plan = Plan(shape, poolItems);
            Assert.True(plan.ChunkSize >= Math.Max(shape.MinChunk, 1), $"chunk size {plan.ChunkSize} < max(min_chunk {shape.MinChunk}, 1)");
            Assert.True(plan.ChunkSize % shape.Align == 0, $"chunk size {plan.ChunkSize} is not a multiple of align {shape.Align}");
        });
    }

    [Property]
    public Property A_shorter_pool_never_makes_chunks_smaller(JobShape shape, byte poolItems)
    {
        MultithreadedJob job = shape.ToJob();
        int requested = Requested(shape);
        return Prop.When(requested >= 2, () =>
        {
            int granted = Math.Min(poolItems, requested - 1);
            for (int fewer = 0; fewer < granted; fewer++)
                Assert.True(ChunkPlan.Create(job, fewer).ChunkSize >= ChunkPlan.Create(job, granted).ChunkSize);
        });
    }

    [Property]
    public Property One_requested_worker_takes_the_kernel_fast_path_one_chunk_for_the_whole_range(JobShape shape, byte poolItems)
    {
        ChunkPlan plan = Plan(shape, poolItems);
        bool kernelFastPath = shape.Size > 0 && (shape.MaxThreads == 1 || shape.Size / Math.Max(shape.MinChunk, shape.Align) <= 1);
        return Prop.ToProperty(() =>
        {
            Assert.Equal(kernelFastPath, plan.IsSingleThreaded);
            if (kernelFastPath)
            {
                Assert.Equal((1, 0, shape.Size), (plan.Workers, plan.Helpers, plan.ChunkSize));
                Assert.Equal([new Chunk(shape.Start, shape.End)], plan.Chunks);
            }
        }).Classify(kernelFastPath, "fast path").Classify(!kernelFastPath, "not the fast path");
    }

    [Property]
    public void A_grant_beyond_what_the_job_requests_is_rejected_naming_the_parameter(JobShape shape, byte extra)
    {
        MultithreadedJob job = shape.ToJob();
        int tooMany = Math.Max(Requested(shape) - 1, 0) + 1 + extra;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ChunkPlan.Create(job, tooMany));
        Assert.Equal("grantedHelpers", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => ChunkPlan.Create(job, -1 - extra));
    }
}
