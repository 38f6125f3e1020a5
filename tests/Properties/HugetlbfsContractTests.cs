using Padata.Models;

namespace Padata.Properties;

/// <summary>
/// The hugetlbfs model's parts at their edges, pinned literally: the pool, files, fault mutexes,
/// requests and outcomes with each refusal naming its parameter and rule, both sides of each bound,
/// and every message of the verifier the public API can provoke. Added for mutation testing
/// (docs/mutation.md).
/// </summary>
public class HugetlbfsContractTests
{
    private static JobFailedException Failed() =>
        new(new MultithreadedJob(0, 1, 1, 1, 1, (_, _) => { }), [new ChunkFailure(new Chunk(0, 1), new InvalidOperationException("failed"))]);

    [Fact]
    public void A_pool_refuses_sizes_outside_its_rules_and_hands_out_stale_pages_lowest_id_first_never_its_reserve()
    {
        Assert.Equal("pages", Assert.Throws<ArgumentOutOfRangeException>(() => new HugePagePool(-1, 1)).ParamName);
        Assert.Equal("pageSize", Assert.Throws<ArgumentOutOfRangeException>(() => new HugePagePool(1, 0)).ParamName);
        foreach (int reserved in new[] { -1, 3 })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new HugePagePool(2, 1, reserved));
            Assert.Equal("reserved", e.ParamName);
            Assert.StartsWith("reserved must be between 0 and the pool's 2 pages.", e.Message);
        }
        Assert.Equal((0, 1), (new HugePagePool(0, 1).Total, new HugePagePool(1, 1, reserved: 1).Reserved));

        var pool = new HugePagePool(3, 8, reserved: 1);
        Assert.Equal((3, 8, 1, 3), (pool.Total, pool.PageSize, pool.Reserved, pool.FreeCount));
        Assert.Equal("huge page pool: 3 free of 3 (1 reserved), free list of 3, 8 B pages", pool.ToString());
        HugePage first = pool.TryAllocate()!, second = pool.TryAllocate()!;
        Assert.Equal((0, 1), (first.Id, second.Id));
        Assert.Equal(Enumerable.Repeat((byte)0xA5, 8), first.Data);
        Assert.Null(pool.TryAllocate());   // the one free page left is reserved
        Assert.Equal(1, pool.FreeCount);
        pool.Free(second);
        Assert.Equal(2, pool.FreeCount);
        Assert.Same(second, pool.TryAllocate());
        var (list, count) = pool.Snapshot();
        Assert.Equal((1, 1, 2), (list.Count, count, list[0].Id));
        Assert.Equal("huge page #2", list[0].ToString());
        Assert.Equal("page", Assert.Throws<ArgumentNullException>(() => pool.Free(null!)).ParamName);
        Assert.Equal(2_097_152, HugetlbfsModel.HugePageSize2MiB);
    }

    [Fact]
    public void Files_have_one_slot_per_index_below_their_size_and_prepopulating_takes_cleared_pages_from_the_pool()
    {
        Assert.Equal("maxPages", Assert.Throws<ArgumentOutOfRangeException>(() => new HugetlbFile(0, 0)).ParamName);
        var model = new HugetlbfsModel(3, 8);
        HugetlbFile a = model.CreateFile(4), b = model.CreateFile(1);
        Assert.Equal((0, 4UL, 1, 1UL), (a.Mapping, a.MaxPages, b.Mapping, b.MaxPages));
        Assert.Equal(new[] { a, b }, model.Files);

        model.Prepopulate(a, [3, 1]);
        Assert.Equal(new int?[] { null, 1, null, 0 }, a.Snapshot());
        Assert.Equal(new byte[8], a.PageAt(3)!.Data);
        Assert.Equal("hugetlbfs file #0: 2 of 4 slots filled", a.ToString());
        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => a.PageAt(4));
        Assert.Equal("index", outside.ParamName);
        Assert.StartsWith("index must be below the file's 4 huge pages.", outside.Message);

        var twice = Assert.Throws<ArgumentException>(() => model.Prepopulate(a, [1]));
        Assert.Equal("indices", twice.ParamName);
        Assert.StartsWith("index 1 of hugetlbfs file #0: 2 of 4 slots filled is given a page twice.", twice.Message);
        model.Prepopulate(b, [0]);
        var empty = Assert.Throws<ArgumentException>(() => model.Prepopulate(a, [0]));
        Assert.Equal("indices", empty.ParamName);
        Assert.StartsWith("the pool has no free page left to prepopulate index 0 (huge page pool: 0 free of 3 (0 reserved), free list of 0, 8 B pages).", empty.Message);
        Assert.Equal("file", Assert.Throws<ArgumentNullException>(() => model.Prepopulate(null!, [0])).ParamName);
        Assert.Equal("huge page pool: 0 free of 3 (0 reserved), free list of 0, 8 B pages; 2 file(s); 64 fault mutexes", model.ToString());
    }

    [Fact]
    public void The_fault_mutex_table_has_at_least_one_lock_and_gives_one_index_the_same_lock_every_time()
    {
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => new FaultMutexTable(0)).ParamName);
        Assert.Equal(3, new HugetlbfsModel(1, 8, 0, faultMutexes: 3).FaultMutexes.Count);
        var table = new FaultMutexTable(1);
        Assert.Same(table.For(0, 0), table.For(7, 12345));
        var wide = new FaultMutexTable(64);
        Assert.Same(wide.For(1, 5), wide.For(1, 5));
    }

    [Fact]
    public void A_request_must_name_a_file_and_lie_inside_it()
    {
        var model = new HugetlbfsModel(1, 8);
        model.CreateFile(4);
        model.CreateFile(2);
        model.Validate(new FallocateRequest(0, 0, 4));
        model.Validate(new FallocateRequest(0, 3, 1));
        model.Validate(new FallocateRequest(1, 1, 1));
        model.Validate(new FallocateRequest(0, 4, 0));   // the empty range [4, 4) lies inside [0, 4]
        Assert.Equal("request", Assert.Throws<ArgumentNullException>(() => model.Validate(null!)).ParamName);
        foreach (int file in new[] { -1, 2 })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Validate(new FallocateRequest(file, 0, 1)));
            Assert.Equal("request", e.ParamName);
            Assert.StartsWith("the request's file must be one of the 2 file(s).", e.Message);
        }
        foreach (FallocateRequest r in new[] { new FallocateRequest(0, 5, 0), new FallocateRequest(0, 4, 1), new FallocateRequest(0, 3, 2), new FallocateRequest(1, 0, 3) })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Validate(r));
            Assert.Equal("request", e.ParamName);
            Assert.Contains("the request's indices must lie within the file's", e.Message);
        }
        Assert.StartsWith("the request's indices must lie within the file's 4 huge pages (the kernel's EFBIG).",
            Assert.Throws<ArgumentOutOfRangeException>(() => model.Validate(new FallocateRequest(0, 3, 2))).Message);
    }

    [Fact]
    public void A_byte_range_is_refused_when_empty_or_overflowing_and_a_request_covers_index_to_end()
    {
        Assert.Equal("hugePageSize", Assert.Throws<ArgumentOutOfRangeException>(() => FallocateRequest.FromBytes(0, 0, 1, 0)).ParamName);
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => FallocateRequest.FromBytes(0, 0, 0, 4)).ParamName);
        // offset 2^64 - 6, pages of 4: the last byte's page rounds up to (2^64 - 1) / 4 at length 2, past 2^64 at 3.
        Assert.Equal(new FallocateRequest(0, 4_611_686_018_427_387_902, 1), FallocateRequest.FromBytes(0, ulong.MaxValue - 5, 2, 4));
        var overflow = Assert.Throws<ArgumentOutOfRangeException>(() => FallocateRequest.FromBytes(0, ulong.MaxValue - 5, 3, 4));
        Assert.Equal("length", overflow.ParamName);
        Assert.StartsWith("offset + length overflows.", overflow.Message);

        var r = new FallocateRequest(1, 2, 3);
        Assert.Equal(5UL, r.End);
        Assert.Equal([false, true, true, false], new ulong[] { 1, 2, 4, 5 }.Select(r.Covers));
        Assert.Equal("fallocate file #1 indices [2, 5)", r.ToString());
    }

    [Fact]
    public void Fallocate_needs_a_model_and_an_engine_and_says_what_it_did_or_why_it_failed()
    {
        var model = new HugetlbfsModel(1, 8);
        model.CreateFile(4);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => HugetlbfsFallocate.JobFor(null!, new FallocateRequest(0, 0, 1), 1)).ParamName);
        Assert.Equal("request", Assert.Throws<ArgumentNullException>(() => HugetlbfsFallocate.JobFor(model, null!, 1)).ParamName);
        Assert.Equal("engine", Assert.Throws<ArgumentNullException>(() => HugetlbfsFallocate.Fallocate(null!, model, new FallocateRequest(0, 0, 1), 1)).ParamName);
        Assert.Equal(64UL, HugetlbfsFallocate.DefaultMinChunkPages);
        Assert.Equal("job[start=1, size=2, align=1, min_chunk=64, max_threads=3, undo]", HugetlbfsFallocate.JobFor(model, new FallocateRequest(0, 1, 2), 3).ToString());
        using var engine = new BoundedEngine(0);

        // Three indices, one free page, one chunk (min_chunk 64): index 0 gets page #0, index 1 finds none.
        FallocateOutcome failed = engine.Run("fallocate past the pool", e => HugetlbfsFallocate.Fallocate(e, model, new FallocateRequest(0, 0, 3), 1));
        Assert.False(failed.Succeeded);
        Assert.Null(failed.Result);
        var enospc = Assert.IsType<HugetlbNoSpaceException>(Assert.Single(failed.Failure!.Failures).Error);
        Assert.Equal(1UL, enospc.Index);
        Assert.Equal("fallocate file #0 indices [0, 3): failed, rolled back: ENOSPC: no free huge page for index 1 of fallocate file #0 indices [0, 3) " +
                     "(huge page pool: 0 free of 1 (0 reserved), free list of 0, 8 B pages)", failed.ToString());
        Assert.Equal(new int?[] { null, null, null, null }, model.Files[0].Snapshot());
        Assert.Equal(1, model.Pool.FreeCount);

        FallocateOutcome done = engine.Run("fallocate one page", e => HugetlbfsFallocate.Fallocate(e, model, new FallocateRequest(0, 2, 1), 1));
        Assert.True(done.Succeeded);
        Assert.Null(done.Failure);
        Assert.Equal("fallocate file #0 indices [2, 3): allocated (1 worker(s), 1 chunk(s) of 1 page(s))", done.ToString());
        Assert.Equal(new int?[] { null, null, 0, null }, model.Files[0].Snapshot());

        var job = new MultithreadedJob(0, 2, 1, 1, 2, (_, _) => { });
        var two = new JobFailedException(job, [new ChunkFailure(new Chunk(0, 1), new InvalidOperationException("a")),
                                               new ChunkFailure(new Chunk(1, 2), new InvalidOperationException("b"))]);
        Assert.Equal("fallocate file #0 indices [0, 2): failed, rolled back: a (+1 more failure(s))",
            new FallocateOutcome(new FallocateRequest(0, 0, 2), null, two).ToString());
    }

    [Fact]
    public void The_verifier_names_a_page_in_two_places_a_dirty_page_a_lost_page_and_the_pool_accounting()
    {
        // Pool of 3; file #0 of 2 indices, page #0 at index 0. Page #1 is then taken and dropped
        // (lost), and page #0 freed while the file still holds it (in two places).
        var model = new HugetlbfsModel(3, 8);
        HugetlbFile file = model.CreateFile(2);
        model.Prepopulate(file, [0]);
        int?[] before = file.Snapshot();
        Assert.True(HugetlbfsVerifier.Verify(model, [before], []).Holds);
        HugePage lost = model.Pool.TryAllocate()!;
        model.Pool.Free(file.PageAt(0)!);
        file.PageAt(0)!.Data[3] = 7;

        VerificationReport report = HugetlbfsVerifier.Verify(model, [before], []);
        Assert.Equal(
            [
                "huge page #0 is in two places: the free list and file #0 index 0",
                "huge page #0 at file #0 index 0 is not cleared (byte 3 is 0x07)",
                "huge page #1 is lost: neither free nor in any file",
            ],
            report.Violations);
        Assert.Equal(3UL, report.PresentPages);

        model.Pool.Free(lost);
        file.PageAt(0)!.Data[3] = 0;
        Assert.Equal(
            [
                "huge page #0 is in two places: the free list and file #0 index 0",
                "pool accounting: 3 free + 1 in files = 4, expected the pool's 3",
            ],
            HugetlbfsVerifier.Verify(model, [before], []).Violations);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => HugetlbfsVerifier.Verify(null!, [before], [])).ParamName);
        Assert.Equal("before", Assert.Throws<ArgumentNullException>(() => HugetlbfsVerifier.Verify(model, null!, [])).ParamName);
        Assert.Equal("outcomes", Assert.Throws<ArgumentNullException>(() => HugetlbfsVerifier.Verify(model, [before], null!)).ParamName);
        Assert.Equal(20, HugetlbfsVerifier.MaxListed);
    }

    [Fact]
    public void A_fallocate_job_run_again_after_its_rollback_never_frees_a_page_it_did_not_insert_that_time()
    {
        // Pool of 1, file of 4, one chunk over [0, 2). Run 1 inserts page #0 at index 0, finds no page
        // for index 1 and rolls back (page #0 freed). Page #0 is then given to index 0 from outside;
        // run 2 of the same job skips index 0, fails at index 1 again, and must leave index 0 alone.
        var model = new HugetlbfsModel(1, 8);
        HugetlbFile file = model.CreateFile(4);
        MultithreadedJob job = HugetlbfsFallocate.JobFor(model, new FallocateRequest(0, 0, 2), 1);
        using var engine = new PadataEngine(0); // one chunk: the fast path, on this thread

        Assert.Throws<JobFailedException>(() => engine.DoMultithreaded(job));
        Assert.Equal(new int?[] { null, null, null, null }, file.Snapshot());
        model.Prepopulate(file, [0]);
        Assert.Throws<JobFailedException>(() => engine.DoMultithreaded(job));

        Assert.Equal(new int?[] { 0, null, null, null }, file.Snapshot());
        Assert.Equal(0, model.Pool.FreeCount);
    }

    [Fact]
    public void The_verifier_names_a_page_on_the_free_list_that_is_not_of_the_pool()
    {
        var model = new HugetlbfsModel(3, 8);
        HugetlbFile file = model.CreateFile(2);
        int?[] before = file.Snapshot();
        model.Pool.Free(new HugePage(3, 8));   // ids run 0 to 2
        model.Pool.Free(new HugePage(-1, 8));
        Assert.Equal(
            [
                "the free list holds huge page #-1, which is not a page of the pool",
                "the free list holds huge page #3, which is not a page of the pool",
                "pool accounting: 5 free + 0 in files = 5, expected the pool's 3",
            ],
            HugetlbfsVerifier.Verify(model, [before], []).Violations);
    }

    [Fact]
    public void The_verifier_judges_each_index_by_what_it_held_before_and_which_calls_on_its_own_file_cover_it()
    {
        // Pool of 6, two files of 4. File #0 holds page #0 at 0 and #1 at 2; file #1 holds #2 at 1.
        var model = new HugetlbfsModel(6, 8);
        HugetlbFile f0 = model.CreateFile(4), f1 = model.CreateFile(4);
        model.Prepopulate(f0, [0, 2]);
        model.Prepopulate(f1, [1]);
        // What the verifier is told was there before: page #5 at file #0 index 1 (gone now), page #4
        // at file #1 index 1 (now #2).
        int?[] before0 = [0, 5, null, null], before1 = [null, 4, null, null];
        FallocateOutcome failed0 = new(new FallocateRequest(0, 2, 1), null, Failed());           // file #0 [2, 3)
        FallocateOutcome done0 = new(new FallocateRequest(0, 3, 1), new JobResult(1, 1, 1, 1), null); // file #0 [3, 4)
        FallocateOutcome failed1 = new(new FallocateRequest(1, 3, 1), null, Failed());           // file #1 [3, 4)
        FallocateOutcome done1 = new(new FallocateRequest(1, 0, 1), new JobResult(1, 1, 1, 1), null); // file #1 [0, 1)

        VerificationReport report = HugetlbfsVerifier.Verify(model, [before0, before1], [failed0, done0, failed1, done1]);

        Assert.Equal(
            [
                "file #0 index 1 held huge page #5 before the calls and now holds nothing: a page that was there before was taken away",
                "file #0 index 2 was empty, only failed calls cover it, yet it holds huge page #1: a failed call left a trace",
                "file #0 index 3 is covered by a successful call, yet it has no page",
                "file #1 index 0 is covered by a successful call, yet it has no page",
                "file #1 index 1 held huge page #4 before the calls and now holds #2: a page that was there before was taken away",
            ],
            report.Violations);
        Assert.Equal(6UL, report.PresentPages);
    }

    [Fact]
    public void A_huge_page_in_a_file_whose_only_stale_byte_is_its_first_is_named_not_cleared()
    {
        // Byte 0 is where IndexOfAnyExcept answers 0: the verifier must count it dirty.
        var model = new HugetlbfsModel(2, 8);
        HugetlbFile file = model.CreateFile(2);
        model.Prepopulate(file, [1]);
        int?[] before = file.Snapshot();
        file.PageAt(1)!.Data[0] = 0x5A;
        Assert.Equal(["huge page #0 at file #0 index 1 is not cleared (byte 0 is 0x5A)"], HugetlbfsVerifier.Verify(model, [before], []).Violations);
    }

    [Fact]
    public void A_files_description_counts_the_slots_holding_a_page_whatever_the_share_filled()
    {
        // Slots filled: none, one of three, all three (a half-filled file cannot tell filled from empty).
        var model = new HugetlbfsModel(4, 8);
        HugetlbFile file = model.CreateFile(3);
        Assert.Equal("hugetlbfs file #0: 0 of 3 slots filled", file.ToString());
        model.Prepopulate(file, [2]);
        Assert.Equal("hugetlbfs file #0: 1 of 3 slots filled", file.ToString());
        model.Prepopulate(file, [0, 1]);
        Assert.Equal("hugetlbfs file #0: 3 of 3 slots filled", file.ToString());
    }
}
