using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Padata.Models;

namespace Padata.Properties;

/// <summary>
/// Clearing a gigantic page (<see cref="ClearGiganticPage"/>) on real threads: random geometries,
/// worker counts, minimum chunks and pools. The expected memory is stated here, apart from the
/// model: every byte of the page zero, every guard byte as it was before the clear.
/// </summary>
[Properties(MaxTest = 100)]
public class ClearGiganticProperties
{
    public sealed record Shape(int SubpageSize, int Subpages, int MaxThreads, ulong MinChunk, int Pool);

    public static class Shapes
    {
        public static Arbitrary<Shape> Shape() =>
            (from subpageShift in Gen.Choose(0, 8)
             from subpagesShift in Gen.Choose(0, 9)
             from maxThreads in Gen.Choose(1, 4)
             from minChunk in Gen.Choose(0, 64)
             from pool in Gen.Choose(0, 4)
             select new Shape(1 << subpageShift, 1 << subpagesShift, maxThreads, (ulong)minChunk, pool)).ToArbitrary();
    }

    [Property(Arbitrary = [typeof(Shapes)])]
    public Property Every_byte_of_the_page_is_zero_afterwards_and_the_guards_are_untouched(Shape s)
    {
        var page = new GiganticPage(new GiganticPageGeometry(s.SubpageSize, s.Subpages));
        byte[] before = page.GuardBefore.ToArray(), after = page.GuardAfter.ToArray();
        using var engine = new BoundedEngine(s.Pool);

        MultithreadedJob job = ClearGiganticPage.JobFor(page, s.MaxThreads, s.MinChunk);
        JobResult result = engine.DoMultithreaded(job);

        Assert.True(page.Page.IndexOfAnyExcept((byte)0) < 0, $"{page}: a byte of the page is not zero after the clear ({result})");
        Assert.Equal(before, page.GuardBefore.ToArray());
        Assert.Equal(after, page.GuardAfter.ToArray());
        Assert.True(GiganticPageVerifier.Verify(page).Holds);
        Assert.Equal(s.Pool, engine.PoolAvailable);
        return true.ToProperty()
            .Classify(result.Workers > 1, "with helpers")
            .Classify(result.Chunks > result.Workers, "more chunks than workers");
    }

    [Fact]
    public void The_job_clears_subpages_aligned_to_one_subpage_with_ktasks_128_MiB_minimum_chunk()
    {
        var page = new GiganticPage(new GiganticPageGeometry(4096, 1024));
        MultithreadedJob job = ClearGiganticPage.JobFor(page, 4);
        Assert.Equal((0UL, 1024UL, 1UL), (job.Start, job.Size, job.Align));
        // 128 MiB of 4 KiB subpages.
        Assert.Equal(128UL * 1024 * 1024 / 4096, job.MinChunk);
        Assert.Equal(262_144, GiganticPageGeometry.X86_64_1GiB.Subpages);
        Assert.Equal(1L << 30, GiganticPageGeometry.X86_64_1GiB.Bytes);
    }

    [Fact]
    public void The_verifier_reports_a_byte_left_uncleared()
    {
        var page = new GiganticPage(GiganticPageGeometry.Tiny);
        page.Page.Clear();
        Assert.True(GiganticPageVerifier.Verify(page).Holds);
        page.Subpage(2)[5] = 1;
        VerificationReport report = GiganticPageVerifier.Verify(page);
        Assert.False(report.Holds);
        Assert.Contains("subpage 2 is not cleared", report.ToString());
    }

    [Fact]
    public void A_geometry_that_is_not_a_power_of_two_or_larger_than_1_GiB_is_refused_naming_the_parameter()
    {
        Assert.Equal("subpageSize", Assert.Throws<ArgumentOutOfRangeException>(() => new GiganticPageGeometry(3, 4)).ParamName);
        Assert.Equal("subpages", Assert.Throws<ArgumentOutOfRangeException>(() => new GiganticPageGeometry(4096, 6)).ParamName);
        Assert.Equal("subpages", Assert.Throws<ArgumentOutOfRangeException>(() => new GiganticPageGeometry(4096, 1 << 19)).ParamName);
    }
}
