using System.Runtime.InteropServices;
using Padata.Models;

namespace Padata.Properties;

/// <summary>
/// The gigantic-page model at its edges, pinned literally: each geometry rule with its message and
/// both sides of each bound, the page's layout (stale bytes between two guards whose bytes follow
/// the documented formula), the bounds of its accessors, the clear job's arguments, and each of the
/// verifier's messages. Added for mutation testing (docs/mutation.md).
/// </summary>
public class GiganticContractTests
{
    [Fact]
    public void A_geometry_breaking_a_rule_is_refused_with_the_rule_and_one_at_each_limit_is_legal()
    {
        const string power = "subpages must be a power of two (a gigantic page is a naturally aligned power-of-two block).";
        (Func<GiganticPageGeometry> Make, string Parameter, string Rule)[] refused =
        [
            (() => new GiganticPageGeometry(0, 4), "subpageSize", "subpageSize must be a power of two."),
            (() => new GiganticPageGeometry(3, 4), "subpageSize", "subpageSize must be a power of two."),
            (() => new GiganticPageGeometry(16, 0), "subpages", power),
            (() => new GiganticPageGeometry(16, 6), "subpages", power),
            (() => new GiganticPageGeometry(4096, 1 << 19), "subpages", "the page (4096 B x 524288) must be at most 1 GiB (1,073,741,824 bytes)."),
        ];
        foreach (var (make, parameter, rule) in refused)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(make);
            Assert.Equal(parameter, e.ParamName);
            Assert.StartsWith(rule, e.Message);
        }
        var smallest = new GiganticPageGeometry(1, 1);
        Assert.Equal((1, 1, 1L), (smallest.SubpageSize, smallest.Subpages, smallest.Bytes));
        var oneSubpageOf1GiB = new GiganticPageGeometry(1 << 30, 1);
        Assert.Equal(1L << 30, oneSubpageOf1GiB.Bytes);
        Assert.Equal(1L << 30, GiganticPageGeometry.MaxBytes);
        Assert.Equal("4 subpages of 16 B (64 B)", GiganticPageGeometry.Tiny.ToString());
        Assert.Equal("262,144 subpages of 4,096 B (1,073,741,824 B)", GiganticPageGeometry.X86_64_1GiB.ToString());
    }

    [Fact]
    public void A_new_page_is_stale_between_two_guards_whose_bytes_are_i_times_37_mod_251_plus_1()
    {
        var page = new GiganticPage(GiganticPageGeometry.Tiny); // 4 subpages of 16 B, guards of 16 B
        Assert.Equal(16, page.GuardBytes);
        Assert.Equal(Enumerable.Repeat((byte)0xA5, 64), page.Page.ToArray());
        Assert.Equal(new byte[] { 1, 38, 75, 112, 149, 186, 223, 9, 46, 83, 120, 157, 194, 231, 17, 54 }, page.GuardBefore.ToArray());
        Assert.Equal(new byte[] { 91, 128, 165, 202, 239, 25, 62, 99, 136, 173, 210, 247, 33, 70, 107, 144 }, page.GuardAfter.ToArray());
        Assert.Equal((byte)215, GiganticPage.GuardByte(250));
        Assert.Equal("gigantic page of 4 subpages of 16 B (64 B) with 16 B guards", page.ToString());

        page.Page.Clear();
        page.Dirty();
        Assert.Equal(Enumerable.Repeat((byte)0xA5, 64), page.Page.ToArray());
        Assert.Equal((byte)1, page.GuardBefore[0]);
        Assert.Equal("geometry", Assert.Throws<ArgumentNullException>(() => new GiganticPage(null!)).ParamName);
    }

    [Fact]
    public void Subpages_are_addressed_inside_the_page_only()
    {
        var page = new GiganticPage(GiganticPageGeometry.Tiny);
        page.Page.Clear();
        page.Subpage(1)[0] = 7;
        page.Subpages(2, 3)[1] = 9;
        page.Subpage(3)[15] = 11;
        Assert.Equal((byte)7, page.Page[16]);
        Assert.Equal((byte)9, page.Page[33]);
        Assert.Equal((byte)11, page.Page[63]);
        Assert.Equal((64, 0, 32), (page.Subpages(0, 4).Length, page.Subpages(4, 4).Length, page.Subpages(1, 3).Length));

        var one = Assert.Throws<ArgumentOutOfRangeException>(() => page.Subpage(4).Length);
        Assert.Equal("subpage", one.ParamName);
        Assert.StartsWith("subpage must be below 4.", one.Message);
        foreach ((ulong start, ulong end) in new (ulong, ulong)[] { (3, 2), (0, 5) })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => page.Subpages(start, end).Length);
            Assert.Equal("end", e.ParamName);
            Assert.StartsWith($"[{start}, {end}) must lie within [0, 4].", e.Message);
        }
    }

    [Fact]
    public void The_clear_job_needs_a_page_and_an_engine_and_zeroes_the_page_and_nothing_else()
    {
        Assert.Equal("page", Assert.Throws<ArgumentNullException>(() => ClearGiganticPage.JobFor(null!, 1)).ParamName);
        var page = new GiganticPage(GiganticPageGeometry.Tiny);
        Assert.Equal("engine", Assert.Throws<ArgumentNullException>(() => ClearGiganticPage.Clear(null!, page, 1)).ParamName);
        Assert.Equal(32_768UL, ClearGiganticPage.DefaultMinChunkSubpages);
        using var engine = new BoundedEngine(1);

        // 4 subpages, min_chunk 1, 2 threads: 2 workers, chunks of max(4 / (2 * 4), 1) = 1 subpage.
        JobResult result = engine.Run("clear a tiny gigantic page", e => ClearGiganticPage.Clear(e, page, 2, 1));

        Assert.Equal((1UL, 4), (result.ChunkSize, result.Chunks));
        Assert.Equal(new byte[64], page.Page.ToArray());
        Assert.Equal(new byte[] { 1, 38, 75, 112, 149, 186, 223, 9, 46, 83, 120, 157, 194, 231, 17, 54 }, page.GuardBefore.ToArray());
        Assert.Equal(new byte[] { 91, 128, 165, 202, 239, 25, 62, 99, 136, 173, 210, 247, 33, 70, 107, 144 }, page.GuardAfter.ToArray());
    }

    [Fact]
    public void The_verifier_names_the_first_dirty_byte_of_each_subpage_and_the_first_changed_byte_of_each_guard()
    {
        var page = new GiganticPage(GiganticPageGeometry.Tiny);
        page.Page.Clear();
        VerificationReport clean = GiganticPageVerifier.Verify(page);
        Assert.Equal((4UL, true), (clean.PresentPages, clean.Holds));

        page.Subpage(1)[3] = 0x11;
        page.Subpage(1)[9] = 0x22;  // not named: the first dirty byte of a subpage stands for it
        page.Subpage(3)[15] = 0x33;
        // The guards are read-only to everyone but the clear's own thread function: written here by hand.
        Span<byte> before = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(page.GuardBefore), page.GuardBytes);
        Span<byte> after = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(page.GuardAfter), page.GuardBytes);
        before[2] = 0;
        before[5] = 0;              // not named: the first changed byte of a guard stands for it
        after[0] = 0xFF;

        Assert.Equal(
            [
                "subpage 1 is not cleared: byte 3 (page offset 19) is 0x11",
                "subpage 3 is not cleared: byte 15 (page offset 63) is 0x33",
                "the guard region before the page was written: its byte 2 is 0x00, expected 0x4B",
                "the guard region after the page was written: its byte 0 is 0xFF, expected 0x5B",
            ],
            GiganticPageVerifier.Verify(page).Violations);
        Assert.Equal("page", Assert.Throws<ArgumentNullException>(() => GiganticPageVerifier.Verify(null!)).ParamName);
        Assert.Equal(20, GiganticPageVerifier.MaxListed);
    }

    [Fact]
    public void A_subpage_whose_only_stale_byte_is_its_first_is_named_not_cleared()
    {
        // Byte 0 of a subpage is where IndexOfAnyExcept answers 0: the verifier must count it dirty.
        var page = new GiganticPage(GiganticPageGeometry.Tiny);
        page.Page.Clear();
        page.Subpage(0)[0] = 0x5A;
        page.Subpage(2)[0] = 0x01;
        Assert.Equal(
            [
                "subpage 0 is not cleared: byte 0 (page offset 0) is 0x5A",
                "subpage 2 is not cleared: byte 0 (page offset 32) is 0x01",
            ],
            GiganticPageVerifier.Verify(page).Violations);
    }
}
