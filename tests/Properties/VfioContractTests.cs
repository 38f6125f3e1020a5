using Padata.Models;

namespace Padata.Properties;

/// <summary>
/// The VFIO model's parts at their edges, pinned literally: each refusal with the parameter and the
/// rule, both sides of each bound, the page table's mapping, and what the verifier and the outcome
/// say. Added for mutation testing (docs/mutation.md).
/// </summary>
public class VfioContractTests
{
    [Fact]
    public void A_model_refuses_sizes_outside_its_rules_naming_each()
    {
        (string Name, string Rule)[] cases =
        [
            ("memoryPages", $"memoryPages must be between 1 and {int.MaxValue}."),
            ("memoryPages", $"memoryPages must be between 1 and {int.MaxValue}."),
            ("iovaPages", $"iovaPages must be between 1 and {int.MaxValue}."),
            ("iovaPages", $"iovaPages must be between 1 and {int.MaxValue}."),
            ("memlockLimit", "memlockLimit must be 0 or more pages."),
        ];
        Func<VfioModel>[] make =
        [
            () => new VfioModel(0, 1, 0),
            () => new VfioModel((ulong)int.MaxValue + 1, 1, 0),
            () => new VfioModel(1, 0, 0),
            () => new VfioModel(1, (ulong)int.MaxValue + 1, 0),
            () => new VfioModel(1, 1, -1),
        ];
        for (int i = 0; i < cases.Length; i++)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(make[i]);
            Assert.Equal(cases[i].Name, e.ParamName);
            Assert.StartsWith(cases[i].Rule, e.Message);
        }
        var fault = Assert.Throws<ArgumentOutOfRangeException>(() => new VfioModel(4, 1, 0, [1, 4]));
        Assert.StartsWith("fault page 4 is outside the process's memory [0, 4).", fault.Message);
        // The smallest legal model, and a fault on its last page.
        var smallest = new VfioModel(1, 1, 0, [0]);
        Assert.Equal((1UL, 1UL, 0L, 0L), (smallest.MemoryPages, smallest.Iommu.IovaPages, smallest.Account.Limit, smallest.Account.LockedVm));
        Assert.True(smallest.Faults(0));
        Assert.Equal([0UL], smallest.FaultPages);
    }

    [Fact]
    public void The_page_table_backs_vaddr_page_v_with_pfn_first_plus_pages_minus_one_minus_v()
    {
        var model = new VfioModel(4, 4, 0);
        Assert.Equal(1UL << 20, VfioModel.FirstPfn);
        Assert.Equal([(1UL << 20) + 3, (1UL << 20) + 2, (1UL << 20) + 1, 1UL << 20], new ulong[] { 0, 1, 2, 3 }.Select(model.PfnOf));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.PfnOf(4));
        Assert.Equal("vaddrPage", e.ParamName);
        Assert.StartsWith("vaddr page is outside the process's memory [0, 4).", e.Message);
        Assert.Equal((1UL << 20, 4UL), (model.Frames.FirstPfn, model.Frames.Count));
        Assert.False(model.Faults(0));
    }

    [Fact]
    public void A_model_describes_itself_with_its_faults_in_order()
    {
        Assert.Equal("4 page(s) of process memory, 8 IOVA page(s), RLIMIT_MEMLOCK 2", new VfioModel(4, 8, 2).ToString());
        Assert.Equal("4 page(s) of process memory, 8 IOVA page(s), RLIMIT_MEMLOCK 2, pin fault at vaddr page(s) 1,3",
            new VfioModel(4, 8, 2, [3, 1]).ToString());
    }

    [Fact]
    public void A_request_must_lie_inside_the_process_and_the_iova_space_to_its_last_page()
    {
        var model = new VfioModel(4, 6, 10);
        model.Validate(new DmaMapRequest(0, 0, 4));   // the whole memory
        model.Validate(new DmaMapRequest(3, 5, 1));   // the last page of each
        var none = Assert.Throws<ArgumentOutOfRangeException>(() => model.Validate(new DmaMapRequest(0, 0, 0)));
        Assert.StartsWith("A DMA map request maps at least 1 page.", none.Message);
        foreach (DmaMapRequest r in new[] { new DmaMapRequest(4, 0, 1), new DmaMapRequest(1, 0, 4) })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Validate(r));
            Assert.Equal("request", e.ParamName);
            Assert.StartsWith("The request's vaddr range must lie inside the process's memory [0, 4).", e.Message);
        }
        foreach (DmaMapRequest r in new[] { new DmaMapRequest(0, 6, 1), new DmaMapRequest(0, 3, 4) })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Validate(r));
            Assert.StartsWith("The request's IOVA range must lie inside the IOVA space [0, 6).", e.Message);
        }
        Assert.Equal("request", Assert.Throws<ArgumentNullException>(() => model.Validate(null!)).ParamName);
    }

    [Fact]
    public void A_request_names_its_ranges_and_maps_vaddr_to_iova_by_offset()
    {
        var r = new DmaMapRequest(2, 10, 3);
        Assert.Equal((5UL, 10UL, 12UL), (r.VaddrEnd, r.IovaOf(2), r.IovaOf(4)));
        Assert.Equal("map 3 page(s) of vaddr [2, 5) at iova 10", r.ToString());
    }

    [Fact]
    public void An_iommu_domain_counts_mappings_and_forgets_the_pfn_only_when_the_last_goes()
    {
        var iommu = new IommuDomain(2);
        Assert.Equal(2UL, iommu.IovaPages);
        Assert.Null(iommu.PfnAt(1));
        iommu.Map(1, 0); // pfn 0 is a real pfn: kept apart from "unmapped"
        Assert.Equal((1, (ulong?)0), (iommu.Mappings(1), iommu.PfnAt(1)));
        iommu.Map(1, 7);
        iommu.Unmap(1);
        Assert.Equal((1, (ulong?)7), (iommu.Mappings(1), iommu.PfnAt(1)));
        iommu.Unmap(1);
        Assert.Equal((0, (ulong?)null), (iommu.Mappings(1), iommu.PfnAt(1)));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => iommu.Map(2, 0));
        Assert.Equal("iova", e.ParamName);
        Assert.StartsWith("iova page is outside [0, 2).", e.Message);
        var big = Assert.Throws<ArgumentOutOfRangeException>(() => new IommuDomain((ulong)int.MaxValue + 1));
        Assert.Equal("iovaPages", big.ParamName);
        Assert.StartsWith($"iovaPages must be at most {int.MaxValue}.", big.Message);
    }

    [Fact]
    public void Page_frames_count_pins_per_pfn_inside_their_range_only()
    {
        var frames = new PageFrames(10, 3);
        frames.Pin(10);
        frames.Pin(12);
        frames.Pin(12);
        frames.Unpin(12);
        Assert.Equal([1, 0, 1], new ulong[] { 10, 11, 12 }.Select(frames.PinCount));
        foreach (ulong pfn in new ulong[] { 9, 13 })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => frames.PinCount(pfn));
            Assert.Equal("pfn", e.ParamName);
            Assert.StartsWith("pfn is outside [10, 13).", e.Message);
        }
        var big = Assert.Throws<ArgumentOutOfRangeException>(() => new PageFrames(0, (ulong)int.MaxValue + 1));
        Assert.Equal("count", big.ParamName);
        Assert.StartsWith($"count must be at most {int.MaxValue} pages.", big.Message);
    }

    [Fact]
    public void A_memlock_account_charges_up_to_its_limit_exactly_and_refuses_negatives()
    {
        var account = new MemlockAccount(5, 2);
        Assert.Equal("locked_vm 2 of RLIMIT_MEMLOCK 5 pages", account.ToString());
        Assert.True(account.TryCharge(0));
        Assert.True(account.TryCharge(3));   // exactly to the limit
        Assert.False(account.TryCharge(1));
        account.Uncharge(4);
        Assert.Equal(1, account.LockedVm);
        Assert.Equal("pages", Assert.Throws<ArgumentOutOfRangeException>(() => account.TryCharge(-1)).ParamName);
        Assert.Equal("pages", Assert.Throws<ArgumentOutOfRangeException>(() => account.Uncharge(-1)).ParamName);
        Assert.Equal("limit", Assert.Throws<ArgumentOutOfRangeException>(() => new MemlockAccount(-1)).ParamName);
        Assert.Equal(5, new MemlockAccount(5, 5).LockedVm);
        Assert.Equal(0, new MemlockAccount(0, 0).LockedVm);
        foreach (long locked in new long[] { -1, 6 })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MemlockAccount(5, locked));
            Assert.Equal("lockedVm", e.ParamName);
            Assert.StartsWith("lockedVm must be between 0 and the limit (5 pages).", e.Message);
        }
    }

    [Fact]
    public void Charges_racing_for_the_last_pages_never_pass_the_limit()
    {
        // Four threads each try 1,000 single-page charges against a limit of 1,000: exactly 1,000 succeed.
        var account = new MemlockAccount(1000);
        int granted = 0;
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        // An exception on a thread of its own must fail this test, not end the test process.
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            try
            {
                for (int i = 0; i < 1000; i++)
                    if (account.TryCharge(1))
                        Interlocked.Increment(ref granted);
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
        })).ToArray();
        foreach (Thread t in threads) t.Start();
        foreach (Thread t in threads) Assert.True(t.Join(TimeSpan.FromMinutes(1)), "a charging thread did not finish within a minute");
        Assert.Empty(errors);
        Assert.Equal((1000, 1000L), (granted, account.LockedVm));
    }

    [Fact]
    public void A_failed_chunk_and_a_fault_name_what_failed()
    {
        var limit = new MemlockLimitExceededException(new Chunk(4, 8), 4, 3, 5);
        Assert.Equal("pinning chunk [4, 8) needs 4 more locked page(s) but locked_vm is 3 of RLIMIT_MEMLOCK 5 (-ENOMEM)", limit.Message);
        Assert.Equal(new Chunk(4, 8), limit.Chunk);
        var fault = new VfioPinFaultException(9);
        Assert.Equal(("vaddr page 9 cannot be pinned (-EFAULT)", 9UL), (fault.Message, fault.VaddrPage));
    }

    [Fact]
    public void A_request_over_the_limit_fails_on_its_charge_and_says_so()
    {
        // 4 pages, one chunk (min_chunk 4: the fast path), limit 3: the charge of [0, 4) fails.
        var model = new VfioModel(4, 4, 3);
        DmaMapOutcome outcome = MapOnEngine(pool: 0, model, new DmaMapRequest(0, 0, 4), 1, 4);
        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.Result);
        Assert.Equal("map 4 page(s) of vaddr [0, 4) at iova 0: failed, rolled back: pinning chunk [0, 4) needs 4 more locked page(s) but locked_vm is 0 of RLIMIT_MEMLOCK 3 (-ENOMEM)",
            outcome.ToString());
        Assert.True(VfioVerifier.Verify(model, [outcome]).Holds);
    }

    [Fact]
    public void A_fault_inside_a_chunk_unpins_unmaps_and_uncharges_that_chunk_and_undoes_the_ones_before()
    {
        // 8 pages, pool 0, min_chunk 2, 4 threads: the caller runs [0, 2), [2, 4), [4, 6) in order;
        // page 5 faults after page 4 was pinned and mapped.
        var model = new VfioModel(8, 8, 100, [5]);
        DmaMapOutcome outcome = MapOnEngine(pool: 0, model, new DmaMapRequest(0, 0, 8), 4, 2);
        Assert.False(outcome.Succeeded);
        Assert.Equal(new Chunk(4, 6), Assert.Single(outcome.Failure!.Failures).Chunk);
        Assert.EndsWith(": failed, rolled back: vaddr page 5 cannot be pinned (-EFAULT)", outcome.ToString());
        Assert.Equal(0, model.Account.LockedVm);
        Assert.All(Enumerable.Range(0, 8), v => Assert.Equal(0, model.Frames.PinCount(model.PfnOf((ulong)v))));
        Assert.All(Enumerable.Range(0, 8), i => Assert.Equal(0, model.Iommu.Mappings((ulong)i)));
        VerificationReport report = VfioVerifier.Verify(model, [outcome]);
        Assert.True(report.Holds, report.ToString());
    }

    [Fact]
    public void A_successful_request_maps_every_page_to_its_pfn_and_describes_the_job()
    {
        // 8 pages, pool 1, min_chunk 2, 2 threads: nworks = 8 / 2 = 4, capped at 2; chunk = max(8 / 8, 2) = 2.
        var model = new VfioModel(8, 10, 8);
        DmaMapOutcome outcome = MapOnEngine(pool: 1, model, new DmaMapRequest(0, 2, 8), 2, 2);
        Assert.True(outcome.Succeeded);
        Assert.Null(outcome.Failure);
        Assert.Equal(new JobResult(2, 2, 2, 4), outcome.Result);
        Assert.Equal("map 8 page(s) of vaddr [0, 8) at iova 2: mapped (2 worker(s), 4 chunk(s) of 2 page(s))", outcome.ToString());
        Assert.All(Enumerable.Range(0, 8), v => Assert.Equal((ulong?)((1UL << 20) + 7 - (ulong)v), model.Iommu.PfnAt(2 + (ulong)v)));
        Assert.Equal(8, model.Account.LockedVm);
        Assert.Equal("engine", Assert.Throws<ArgumentNullException>(() => VfioPinMapDma.Map(null!, model, new DmaMapRequest(0, 0, 1), 1)).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => VfioPinMapDma.JobFor(null!, new DmaMapRequest(0, 0, 1), 1)).ParamName);
        MultithreadedJob job = VfioPinMapDma.JobFor(model, new DmaMapRequest(1, 0, 3), 2);
        Assert.Equal("job[start=1, size=3, align=1, min_chunk=32768, max_threads=2, undo]", job.ToString());
        Assert.Equal(32_768UL, VfioPinMapDma.DefaultMinChunkPages);
    }

    [Fact]
    public void An_outcome_with_several_failures_counts_the_others()
    {
        var job = new MultithreadedJob(0, 4, 1, 1, 2, (_, _) => { });
        var failure = new JobFailedException(job, [new ChunkFailure(new Chunk(0, 2), new VfioPinFaultException(1)),
                                                   new ChunkFailure(new Chunk(2, 4), new VfioPinFaultException(3))]);
        Assert.Equal("map 4 page(s) of vaddr [0, 4) at iova 0: failed, rolled back: vaddr page 1 cannot be pinned (-EFAULT) (+1 more failure(s))",
            new DmaMapOutcome(new DmaMapRequest(0, 0, 4), null, failure).ToString());
    }

    [Fact]
    public void The_verifier_names_each_broken_invariant()
    {
        // Request A maps vaddr [0, 2) at iova 0 and succeeded; the state is then damaged by hand.
        var model = new VfioModel(4, 4, 3);
        var a = new DmaMapRequest(0, 0, 2);
        var ok = new DmaMapOutcome(a, new JobResult(1, 1, 2, 1), null);
        for (ulong v = 0; v < 2; v++)
        {
            model.Frames.Pin(model.PfnOf(v));
            model.Iommu.Map(v, model.PfnOf(v));
        }
        Assert.True(model.Account.TryCharge(2));
        Assert.True(VfioVerifier.Verify(model, [ok]).Holds);
        Assert.Equal((4UL, 0), (VfioVerifier.Verify(model, [ok]).PresentPages, VfioVerifier.Verify(model, [ok]).ViolationCount));

        model.Iommu.Map(1, model.PfnOf(1));      // mapped twice
        model.Iommu.Map(3, 5);                   // a mapping nobody asked for
        model.Frames.Pin(model.PfnOf(3));        // a pin nobody asked for
        VerificationReport report = VfioVerifier.Verify(model, [ok]);
        Assert.Equal(3, report.ViolationCount);
        Assert.Contains($"IOVA page 1 of successful request ({a}) is mapped 2 time(s) to pfn {(1UL << 20) + 2}, expected once to pfn {(1UL << 20) + 2}", report.Violations);
        Assert.Contains("IOVA page 3 is mapped 1 time(s) to pfn 5 but no successful request covers it", report.Violations);
        Assert.Contains($"pfn {1UL << 20} (vaddr page 3) is pinned 1 time(s), expected 0 (one per successful request covering it)", report.Violations);

        // Two successful requests claiming one IOVA page make the scenario itself invalid.
        VerificationReport twice = VfioVerifier.Verify(model, [ok, ok]);
        Assert.Contains(twice.Violations, v => v.StartsWith("IOVA page 0 is claimed by two successful requests"));

        // locked_vm past what the requests charged, and past the limit (an account built over its limit is refused, so
        // the charge comes from lockedVmBefore).
        Assert.True(model.Account.TryCharge(1));
        VerificationReport charged = VfioVerifier.Verify(model, [ok], lockedVmBefore: 0);
        Assert.Contains("locked_vm is 3 pages, expected 0 before + 2 of the successful requests = 2", charged.Violations);
        Assert.DoesNotContain(charged.Violations, v => v.Contains("exceeds"));
        Assert.DoesNotContain(VfioVerifier.Verify(model, [ok], lockedVmBefore: 1).Violations, v => v.StartsWith("locked_vm"));
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => VfioVerifier.Verify(null!, [ok])).ParamName);
        Assert.Equal("outcomes", Assert.Throws<ArgumentNullException>(() => VfioVerifier.Verify(model, null!)).ParamName);
    }

    [Fact]
    public void A_request_outside_the_model_is_refused_before_any_job_exists()
    {
        var model = new VfioModel(4, 4, 10);
        var outside = new DmaMapRequest(3, 0, 2); // vaddr [3, 5) runs past the process's 4 pages
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => VfioPinMapDma.JobFor(model, outside, 1));
        Assert.Equal("request", e.ParamName);
        Assert.StartsWith("The request's vaddr range must lie inside the process's memory [0, 4).", e.Message);
        using var engine = new PadataEngine(0);
        Assert.Equal("request", Assert.Throws<ArgumentOutOfRangeException>(() => VfioPinMapDma.Map(engine, model, outside, 1)).ParamName);
        Assert.Equal(0, model.Account.LockedVm);
    }

    [Fact]
    public void Stray_and_missing_mappings_are_named_with_exactly_the_failed_requests_whose_iova_range_holds_them()
    {
        // Failed: F1 vaddr [0, 3) at iova [2, 5), F2 vaddr [4, 6) at iova [4, 6). Succeeded (done by
        // hand): S vaddr [6, 8) at iova [8, 10), backed by pfns first+1 and first+0.
        var model = new VfioModel(8, 10, 100);
        JobFailedException Failed() => new(new MultithreadedJob(0, 1, 1, 1, 1, (_, _) => { }), [new ChunkFailure(new Chunk(0, 1), new VfioPinFaultException(0))]);
        var f1 = new DmaMapOutcome(new DmaMapRequest(0, 2, 3), null, Failed());
        var f2 = new DmaMapOutcome(new DmaMapRequest(4, 4, 2), null, Failed());
        var s = new DmaMapOutcome(new DmaMapRequest(6, 8, 2), new JobResult(1, 1, 2, 1), null);
        for (ulong v = 6; v < 8; v++)
        {
            model.Frames.Pin(model.PfnOf(v));
            model.Iommu.Map(v + 2, model.PfnOf(v));
        }
        Assert.True(model.Account.TryCharge(2));
        Assert.True(VfioVerifier.Verify(model, [f1, s, f2]).Holds);

        foreach (ulong iova in new ulong[] { 1, 4, 5, 6 })
            model.Iommu.Map(iova, 9);
        model.Iommu.Unmap(7);   // an unmap of nothing: count -1, no pfn
        model.Iommu.Unmap(9);   // S's last page lost its mapping

        VerificationReport report = VfioVerifier.Verify(model, [f1, s, f2]);
        Assert.Equal(
            [
                "IOVA page 1 is mapped 1 time(s) to pfn 9 but no successful request covers it",
                "IOVA page 4 is mapped 1 time(s) to pfn 9 but no successful request covers it (failed request left a trace: " +
                    "map 3 page(s) of vaddr [0, 3) at iova 2; map 2 page(s) of vaddr [4, 6) at iova 4)",
                "IOVA page 5 is mapped 1 time(s) to pfn 9 but no successful request covers it (failed request left a trace: " +
                    "map 2 page(s) of vaddr [4, 6) at iova 4)",
                "IOVA page 6 is mapped 1 time(s) to pfn 9 but no successful request covers it",
                "IOVA page 7 is mapped -1 time(s) to pfn none but no successful request covers it",
                "IOVA page 9 of successful request (map 2 page(s) of vaddr [6, 8) at iova 8) is mapped 0 time(s) to pfn none, expected once to pfn 1048576",
            ],
            report.Violations);
    }

    [Fact]
    public void Locked_vm_above_the_limit_is_reported()
    {
        // A charge cannot pass the limit, so the account is damaged the only way left: uncharged
        // past zero until the counter wraps, 0 - 2 (2^63 - 1) = 2 modulo 2^64.
        var model = new VfioModel(2, 2, 1);
        model.Account.Uncharge(long.MaxValue);
        model.Account.Uncharge(long.MaxValue);
        Assert.Equal(2, model.Account.LockedVm);
        Assert.Equal(
            ["locked_vm is 2 pages, expected 0 before + 0 of the successful requests = 0", "locked_vm 2 exceeds RLIMIT_MEMLOCK 1"],
            VfioVerifier.Verify(model, []).Violations);
    }

    [Fact]
    public void A_failed_request_that_left_a_mapping_is_named()
    {
        var model = new VfioModel(4, 4, 3);
        var request = new DmaMapRequest(0, 1, 2);
        var failure = new JobFailedException(new MultithreadedJob(0, 2, 1, 1, 1, (_, _) => { }), [new ChunkFailure(new Chunk(0, 2), new VfioPinFaultException(1))]);
        model.Iommu.Map(2, 9);
        VerificationReport report = VfioVerifier.Verify(model, [new DmaMapOutcome(request, null, failure)]);
        Assert.Equal($"IOVA page 2 is mapped 1 time(s) to pfn 9 but no successful request covers it (failed request left a trace: {request})",
            Assert.Single(report.Violations));
        Assert.Equal(20, VfioVerifier.MaxListed);
    }

    /// <summary>One request mapped on an engine of its own with a pool of <paramref name="pool"/> work items, disposed once the request returned.</summary>
    private static DmaMapOutcome MapOnEngine(int pool, VfioModel model, DmaMapRequest request, int maxThreads, ulong minChunk)
    {
        using var engine = new PadataEngine(pool);
        return VfioPinMapDma.Map(engine, model, request, maxThreads, minChunk);
    }
}
