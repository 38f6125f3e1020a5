using FsCheck;
using FsCheck.Fluent;

namespace Padata.Properties;

/// <summary>
/// FsCheck arbitraries for job shapes: mostly small ranges (where boundary cases live), some
/// large ones, sizes, aligns and minimum chunks up to <see cref="ulong.MaxValue"/>, unaligned
/// starts, starts just below the end of <see cref="ulong"/>, min_chunk 0.
/// Shrinking moves every field towards the simplest job so counterexamples come out small.
/// </summary>
public static class Generators
{
    public static Arbitrary<JobShape> JobShape() => Arb.From(JobShapes, ShrinkJob);

    public static Arbitrary<RunShape> RunShape() =>
        Arb.From(
            from job in JobShapes.Select(j => j with { Size = Math.Min(j.Size, 4000) })
            from pool in Gen.Choose(0, 5)
            select new RunShape(job, pool),
            ShrinkRun);

    private static Gen<ulong> Between(int low, int high) => Gen.Choose(low, high).Select(v => (ulong)v);

    /// <summary>Powers of two up to 2^63, and one less: sizes, aligns and minimum chunks at every scale.</summary>
    private static readonly Gen<ulong> Wide =
        from bit in Gen.Choose(1, 63)
        from less in Gen.Elements(0UL, 1UL)
        select (1UL << bit) - less;

    private static readonly Gen<JobShape> JobShapes =
        from size in Gen.Frequency((6, Between(0, 64)), (3, Between(0, 5000)), (1, Between(0, 1_000_000)),
                                   (1, Between(0, 1000).Select(back => ulong.MaxValue - (ulong)back)), (1, Wide))
        from align in Gen.Frequency((4, Gen.Constant(1UL)), (4, Gen.Elements(2UL, 3UL, 4UL, 8UL, 16UL)), (1, Between(1, 300)), (1, Wide))
        from minChunk in Gen.Frequency((3, Gen.Constant(0UL)), (4, Between(1, 32)), (1, Between(1, 3000)), (1, Wide))
        from maxThreads in Gen.Frequency((4, Gen.Choose(1, 4)), (2, Gen.Choose(1, 16)))
        from start in Gen.Frequency(
            (6, Between(0, 1000).Select(low => Math.Min(low, ulong.MaxValue - size))),
            (1, Between(0, 1000).Select(back => ulong.MaxValue - size - Math.Min(back, ulong.MaxValue - size))))
        select new JobShape(start, size, align, minChunk, maxThreads);

    private static IEnumerable<JobShape> ShrinkJob(JobShape s)
    {
        foreach (ulong size in Smaller(s.Size, 0)) yield return s with { Size = size };
        foreach (ulong start in Smaller(s.Start, 0)) yield return s with { Start = start };
        foreach (ulong align in Smaller(s.Align, 1)) yield return s with { Align = align };
        foreach (ulong minChunk in Smaller(s.MinChunk, 0)) yield return s with { MinChunk = minChunk };
        foreach (ulong threads in Smaller((ulong)s.MaxThreads, 1)) yield return s with { MaxThreads = (int)threads };
    }

    private static IEnumerable<RunShape> ShrinkRun(RunShape r)
    {
        foreach (JobShape job in ShrinkJob(r.Job)) yield return r with { Job = job };
        foreach (ulong pool in Smaller((ulong)r.PoolCapacity, 0)) yield return r with { PoolCapacity = (int)pool };
    }

    /// <summary>Candidates between <paramref name="floor"/> and <paramref name="value"/>: the floor, then halfway steps, then one less.</summary>
    private static IEnumerable<ulong> Smaller(ulong value, ulong floor)
    {
        if (value <= floor)
            yield break;
        yield return floor;
        for (ulong gap = (value - floor) / 2; gap > 1; gap /= 2)
            yield return value - gap;
        if (value - 1 > floor)
            yield return value - 1;
    }
}
