using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Padata.Models;

namespace Padata.Properties;

/// <summary>
/// hugetlbfs fallocate (<see cref="HugetlbfsFallocate"/>) on real threads: random files with pages
/// already present, random pool sizes and reservations, worker counts, minimum chunks and pools;
/// one call, whose whole result is stated here from the kernel's rule (fail with ENOSPC exactly
/// when the range's empty indices outnumber the free unreserved pages; on success every empty
/// index gets a fresh cleared page, on failure nothing changes), and two callers on overlapping
/// ranges, checked by <see cref="HugetlbfsVerifier"/>.
/// </summary>
[Properties(MaxTest = 120)]
public class FallocateProperties
{
    private const int PageSize = 64;

    public sealed record Shape(int FileIndices, ulong[] Present, int HugePages, int Reserved, ulong Index, ulong Pages, int MaxThreads, ulong MinChunk, int Pool)
    {
        public FallocateRequest Request => new(0, Index, Pages);
    }

    public static class Shapes
    {
        public static Gen<Shape> Generator(int fileIndices) =>
            from present in Gen.SubListOf(Enumerable.Range(0, fileIndices).Select(i => (ulong)i).ToArray())
            from extra in Gen.Choose(0, fileIndices + 2)
            from reservedShare in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(0, 3)))
            from index in Gen.Choose(0, fileIndices - 1)
            from pages in Gen.Choose(1, fileIndices - index)
            from maxThreads in Gen.Choose(1, 4)
            from minChunk in Gen.Choose(0, 8)
            from pool in Gen.Choose(0, 4)
            let hugePages = present.Count + extra
            select new Shape(fileIndices, [.. present], hugePages, Math.Min(reservedShare, hugePages - present.Count), (ulong)index, (ulong)pages, maxThreads, (ulong)minChunk, pool);

        public static Arbitrary<Shape> Shape() => Gen.Choose(1, 40).SelectMany(Generator).ToArbitrary();

        public static Arbitrary<(Shape, Shape)> Pair() =>
            (from size in Gen.Choose(2, 40)
             from a in Generator(size)
             from b in Generator(size)
             select (a, b with { Present = a.Present, HugePages = a.HugePages, Reserved = a.Reserved })).ToArbitrary();
    }

    private static (HugetlbfsModel Model, HugetlbFile File) ModelFor(Shape s)
    {
        var model = new HugetlbfsModel(s.HugePages, PageSize, s.Reserved, faultMutexes: 8);
        HugetlbFile file = model.CreateFile(s.FileIndices);
        model.Prepopulate(file, s.Present);
        return (model, file);
    }

    [Property(Arbitrary = [typeof(Shapes)])]
    public Property One_call_fills_every_empty_index_with_a_fresh_cleared_page_or_fails_with_ENOSPC_and_leaves_the_file_and_pool_as_they_were(Shape s)
    {
        var (model, file) = ModelFor(s);
        int?[] before = file.Snapshot();
        int freeBefore = model.Pool.FreeCount;
        int empty = Enumerable.Range((int)s.Index, (int)s.Pages).Count(i => before[i] is null);
        bool mustSucceed = empty <= freeBefore - s.Reserved;
        using var engine = new BoundedEngine(s.Pool);

        FallocateOutcome outcome = engine.Run($"{s.Request} on {model}", e => HugetlbfsFallocate.Fallocate(e, model, s.Request, s.MaxThreads, s.MinChunk));

        Assert.Equal(mustSucceed, outcome.Succeeded);
        int?[] after = file.Snapshot();
        for (int i = 0; i < s.FileIndices; i++)
        {
            bool filled = outcome.Succeeded && s.Request.Covers((ulong)i) && before[i] is null;
            if (filled)
            {
                Assert.NotNull(after[i]);
                Assert.DoesNotContain(after[i], before);
                Assert.True(file.PageAt((ulong)i)!.Data.All(b => b == 0), $"index {i}: the new page is not cleared");
            }
            else
            {
                Assert.Equal(before[i], after[i]);
            }
        }
        Assert.Equal(after.Where(p => p is not null).Count(), after.Where(p => p is not null).Distinct().Count());
        Assert.Equal(freeBefore - (outcome.Succeeded ? empty : 0), model.Pool.FreeCount);
        if (!outcome.Succeeded)
            Assert.All(outcome.Failure!.Failures, f => Assert.IsType<HugetlbNoSpaceException>(f.Error));
        Assert.True(HugetlbfsVerifier.Verify(model, [before], [outcome]).Holds);
        Assert.Equal(s.Pool, engine.PoolAvailable);
        return true.ToProperty()
            .Classify(!mustSucceed, "ENOSPC")
            .Classify(s.Present.Any(p => s.Request.Covers(p)), "pages present in the range")
            .Classify(s.Reserved > 0, "reservations");
    }

    [Property(Arbitrary = [typeof(Shapes)], MaxTest = 60)]
    public Property Two_concurrent_calls_on_overlapping_ranges_never_give_an_index_two_pages_conserve_the_pool_and_keep_present_pages((Shape A, Shape B) pair)
    {
        var (a, b) = pair;
        var (model, file) = ModelFor(a);
        int?[] before = file.Snapshot();
        int available = model.Pool.FreeCount - a.Reserved;
        int needed = Enumerable.Range(0, a.FileIndices).Count(i => before[i] is null && (a.Request.Covers((ulong)i) || b.Request.Covers((ulong)i)));
        using var engine = new BoundedEngine(Math.Max(a.Pool, b.Pool));

        // The second call's exception, if any, fails this property at its join (not the test process).
        var other = Bounded.Start(() => HugetlbfsFallocate.Fallocate(engine.Engine, model, b.Request, b.MaxThreads, b.MinChunk));
        FallocateOutcome first = engine.Run($"{a.Request} beside {b.Request}", e => HugetlbfsFallocate.Fallocate(e, model, a.Request, a.MaxThreads, a.MinChunk));
        FallocateOutcome second = other.Join(engine.Engine, $"the second call ({b.Request})");

        VerificationReport report = HugetlbfsVerifier.Verify(model, [before], [first, second]);
        Assert.True(report.Holds, $"{first}\n{second}\n{report}");
        int inFile = file.Snapshot().Count(p => p is not null);
        Assert.Equal(model.Pool.Total, model.Pool.FreeCount + inFile);
        if (needed <= available)
            Assert.True(first.Succeeded && second.Succeeded, $"the {needed} empty indices of both ranges fit {available} free pages, yet: {first}; {second}");
        bool overlap = a.Request.Index < b.Request.End && b.Request.Index < a.Request.End;
        return true.ToProperty()
            .Classify(overlap, "overlapping ranges")
            .Classify(first.Succeeded != second.Succeeded, "exactly one succeeded")
            .Classify(!first.Succeeded && !second.Succeeded, "both failed");
    }

    [Fact]
    public void The_verifier_reports_a_lost_page_a_dirty_page_and_a_page_no_call_explains()
    {
        var model = new HugetlbfsModel(4, PageSize);
        HugetlbFile file = model.CreateFile(4);
        int?[] empty = file.Snapshot();
        model.Prepopulate(file, [2]);
        Assert.True(HugetlbfsVerifier.Verify(model, [file.Snapshot()], []).Holds);

        file.PageAt(2)!.Data[3] = 7;
        Assert.NotNull(model.Pool.TryAllocate());
        string report = HugetlbfsVerifier.Verify(model, [empty], []).ToString();
        Assert.Contains("is not cleared", report);
        Assert.Contains("is lost", report);
        Assert.Contains("pool accounting", report);
        Assert.Contains("index 2 was empty and no call covers it", report);
    }

    [Fact]
    public void A_byte_range_covers_the_huge_pages_from_its_first_to_its_last_byte_and_a_range_past_the_file_is_refused()
    {
        const ulong hpage = 2 << 20;
        Assert.Equal(new FallocateRequest(0, 0, 1), FallocateRequest.FromBytes(0, 0, 1, hpage));
        Assert.Equal(new FallocateRequest(0, 0, 2), FallocateRequest.FromBytes(0, hpage - 1, 2, hpage));
        Assert.Equal(new FallocateRequest(0, 3, 512), FallocateRequest.FromBytes(0, 3 * hpage, 1UL << 30, hpage));
        var model = new HugetlbfsModel(1, PageSize);
        model.CreateFile(4);
        Assert.Equal("request", Assert.Throws<ArgumentOutOfRangeException>(() => HugetlbfsFallocate.JobFor(model, new FallocateRequest(0, 2, 3), 2)).ParamName);
    }
}
