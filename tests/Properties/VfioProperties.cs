using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Padata.Models;

namespace Padata.Properties;

/// <summary>
/// VFIO DMA pinning (<see cref="VfioPinMapDma"/>) on real threads: random request shapes, limits,
/// injected pin faults, worker counts and pools; every run checked by <see cref="VfioVerifier"/>
/// and against the outcome the kernel's rules predict.
/// </summary>
[Properties(MaxTest = 120)]
public class VfioProperties
{
    public sealed record Shape(ulong Pages, ulong VaddrPage, ulong IovaPage, long Limit, ulong? FaultPage, int MaxThreads, ulong MinChunk, int Pool)
    {
        public DmaMapRequest Request => new(VaddrPage, IovaPage, Pages);
        public ulong MemoryPages => VaddrPage + Pages + 3;
        public ulong IovaPages => IovaPage + Pages + 3;
    }

    public static class Shapes
    {
        public static Arbitrary<Shape> Shape() =>
            (from pages in Gen.Choose(1, 200)
             from vaddr in Gen.Choose(0, 20)
             from iova in Gen.Choose(0, 20)
             from limit in Gen.Frequency((3, Gen.Choose(pages, 400)), (2, Gen.Choose(0, pages)))
             from fault in Gen.Frequency((2, Gen.Constant<int?>(null)), (2, Gen.Choose(0, pages - 1).Select(p => (int?)p)))
             from maxThreads in Gen.Choose(1, 4)
             from minChunk in Gen.Choose(0, 40)
             from pool in Gen.Choose(0, 4)
             select new Shape((ulong)pages, (ulong)vaddr, (ulong)iova, limit, fault is null ? null : (ulong)(vaddr + fault), maxThreads, (ulong)minChunk, pool))
            .ToArbitrary();

        public static Arbitrary<(Shape, Shape)> Pair() =>
            (from a in Shape().Generator
             from b in Shape().Generator
             from limit in Gen.Choose(0, 400)
             select (a with { Limit = limit }, b with { Limit = limit, IovaPage = a.IovaPage + a.Pages + b.IovaPage })).ToArbitrary();
    }

    private static VfioModel ModelFor(Shape s, ulong memoryPages, ulong iovaPages) =>
        new(memoryPages, iovaPages, s.Limit, s.FaultPage is { } f ? [f] : []);

    [Property(Arbitrary = [typeof(Shapes)])]
    public Property A_request_maps_every_page_or_leaves_no_trace_and_fails_exactly_when_the_limit_or_a_fault_says_so(Shape s)
    {
        using var engine = new PadataEngine(s.Pool);
        VfioModel model = ModelFor(s, s.MemoryPages, s.IovaPages);

        DmaMapOutcome outcome = VfioPinMapDma.Map(engine, model, s.Request, s.MaxThreads, s.MinChunk);

        VerificationReport report = VfioVerifier.Verify(model, [outcome]);
        Assert.True(report.Holds, $"{s.Request} on {model}: {outcome}\n{report}");
        bool faults = s.FaultPage is not null;
        bool fits = (long)s.Pages <= s.Limit;
        Assert.Equal(fits && !faults, outcome.Succeeded);
        if (!outcome.Succeeded)
        {
            // Each failure is one of the two the model knows, and a fault is reported only where it is.
            Assert.All(outcome.Failure!.Failures, f => Assert.True(
                f.Error is MemlockLimitExceededException || f.Error is VfioPinFaultException pf && pf.VaddrPage == s.FaultPage,
                $"unexpected failure {f.Error}"));
            Assert.DoesNotContain(outcome.Failure.Failures, f => f.IsUndoFailure);
        }
        Assert.Equal(s.Pool, engine.PoolAvailable);
        return true.ToProperty()
            .Classify(!fits, "over the limit")
            .Classify(faults, "pin fault")
            .Classify(ChunkPlan.RequestedWorkersFor(VfioPinMapDma.JobFor(model, s.Request, s.MaxThreads, s.MinChunk)) > 1 && s.Pool > 0, "with helpers");
    }

    [Property(Arbitrary = [typeof(Shapes)], MaxTest = 60)]
    public Property Two_concurrent_requests_share_the_limit_never_exceed_it_and_each_succeeds_in_full_or_leaves_no_trace((Shape A, Shape B) pair)
    {
        var (a, b) = pair;
        using var engine = new PadataEngine(Math.Max(a.Pool, b.Pool));
        ulong memory = Math.Max(a.MemoryPages, b.MemoryPages);
        var model = new VfioModel(memory, b.IovaPages, a.Limit, []);
        long highest = 0;
        string? over = null;

        DmaMapOutcome Run(Shape s)
        {
            MultithreadedJob job = VfioPinMapDma.JobFor(model, s.Request, s.MaxThreads, s.MinChunk);
            // Watched from outside: after every chunk, locked_vm must be within the limit.
            var watched = new MultithreadedJob(job.Start, job.Size, job.Align, job.MinChunk, job.MaxThreads, (start, end) =>
            {
                try
                {
                    job.ThreadFunction(start, end);
                }
                finally
                {
                    long now = model.Account.LockedVm;
                    InterlockedMax(ref highest, now);
                    if (now > model.Account.Limit)
                        over = $"locked_vm {now} > limit {model.Account.Limit} after chunk [{start}, {end})";
                }
            }, job.UndoFunction);
            try
            {
                return new DmaMapOutcome(s.Request, engine.DoMultithreaded(watched), null);
            }
            catch (JobFailedException e)
            {
                return new DmaMapOutcome(s.Request, null, e);
            }
        }

        DmaMapOutcome? second = null;
        Exception? otherError = null;
        // An exception on a thread of its own must fail this property, not end the test process.
        var other = new Thread(() =>
        {
            try { second = Run(b); }
            catch (Exception e) { otherError = e; }
        });
        other.Start();
        DmaMapOutcome first = Run(a);
        Assert.True(other.Join(TimeSpan.FromSeconds(30)), $"the second request ({b.Request}) did not finish within 30 s");
        Assert.True(otherError is null, $"the second request ({b.Request}) threw {otherError}");

        Assert.Null(over);
        VerificationReport report = VfioVerifier.Verify(model, [first, second!]);
        Assert.True(report.Holds, $"{first}\n{second}\n{report}");
        if ((long)(a.Pages + b.Pages) <= a.Limit)
            Assert.True(first.Succeeded && second!.Succeeded, "both requests fit the limit together, yet one failed");
        if ((long)a.Pages > a.Limit)
            Assert.False(first.Succeeded);
        return true.ToProperty()
            .Classify(first.Succeeded != second!.Succeeded, "exactly one succeeded")
            .Classify(!first.Succeeded && !second.Succeeded, "both failed");
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var before && before != seen)
            seen = before;
    }

    [Fact]
    public void The_verifier_reports_a_leftover_pin_a_leftover_mapping_and_a_leftover_charge_of_a_failed_request()
    {
        var model = new VfioModel(4, 4, 10);
        var request = new DmaMapRequest(0, 0, 2);
        var failed = new DmaMapOutcome(request, null, new JobFailedException(VfioPinMapDma.JobFor(model, request, 1, 1),
            [new ChunkFailure(new Chunk(0, 2), new VfioPinFaultException(1))]));
        model.Frames.Pin(model.PfnOf(0));
        model.Iommu.Map(0, model.PfnOf(0));
        Assert.True(model.Account.TryCharge(1));

        VerificationReport report = VfioVerifier.Verify(model, [failed]);

        Assert.Equal(3, report.ViolationCount);
        Assert.Contains(report.Violations, v => v.Contains("pinned 1 time(s), expected 0"));
        Assert.Contains(report.Violations, v => v.Contains("failed request left a trace"));
        Assert.Contains(report.Violations, v => v.Contains("locked_vm is 1 pages, expected 0"));
    }

    [Fact]
    public void The_verifier_reports_a_mapping_to_the_wrong_pfn_of_a_successful_request()
    {
        var model = new VfioModel(2, 2, 10);
        var request = new DmaMapRequest(0, 0, 2);
        for (ulong v = 0; v < 2; v++)
            model.Frames.Pin(model.PfnOf(v));
        model.Iommu.Map(0, model.PfnOf(0));
        model.Iommu.Map(1, model.PfnOf(0));
        Assert.True(model.Account.TryCharge(2));

        VerificationReport report = VfioVerifier.Verify(model, [new DmaMapOutcome(request, new JobResult(1, 1, 2, 1), null)]);

        Assert.Equal(1, report.ViolationCount);
        Assert.Contains("IOVA page 1", report.Violations[0]);
    }

    [Fact]
    public void A_charge_past_the_limit_fails_and_leaves_the_account_as_it_was()
    {
        var account = new MemlockAccount(5, 3);
        Assert.False(account.TryCharge(3));
        Assert.Equal(3, account.LockedVm);
        Assert.True(account.TryCharge(2));
        Assert.Equal(5, account.LockedVm);
    }

    [Fact]
    public void Requests_outside_the_process_or_the_iova_space_are_refused_naming_the_request()
    {
        var model = new VfioModel(4, 4, 10);
        Assert.Equal("request", Assert.ThrowsAny<ArgumentException>(() => model.Validate(new DmaMapRequest(3, 0, 2))).ParamName);
        Assert.Equal("request", Assert.ThrowsAny<ArgumentException>(() => model.Validate(new DmaMapRequest(0, 3, 2))).ParamName);
        Assert.Equal("request", Assert.ThrowsAny<ArgumentException>(() => model.Validate(new DmaMapRequest(0, 0, 0))).ParamName);
        Assert.Equal("faultPages", Assert.ThrowsAny<ArgumentException>(() => new VfioModel(4, 4, 10, [4])).ParamName);
    }
}
