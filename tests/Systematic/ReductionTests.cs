using Xunit.Abstractions;

namespace Padata.Systematic;

/// <summary>
/// The thread-start reduction every DFS of the catalog runs with (<c>ThreadStartReduction</c> in
/// the harness) checked against DFS without it, on every kind of exhaustive entry small enough to
/// explore both ways: the same distinct outcomes (which worker ran which chunk of each job, how
/// each caller came back), in fewer schedules. The comparison is shown able to fail: a reduction
/// that never preempts a thread is caught losing outcomes.
/// </summary>
public class ReductionTests(ITestOutputHelper output)
{
    public static TheoryData<string> SmallExhaustiveEntries() =>
    [
        "domain/requested2-helpers1-pool1-size4-chunk1-align1",
        "domain/requested2-helpers1-pool2-size3-chunk1-align1",
        "regression/min-chunk-0-align-2",
        "throws/last-of-3-with-helper",
        "throws/both-of-2-with-helper",
        "dispose/after-a-helped-job",
        "pool/2-takers-of-1-item",
        "page-init/unaligned-zone-hole-across-boundary",
        "limits/system-cap-1-one-job",
        "numa/node-cap-0-passed-over",
        "per-node/2-nodes-pool-1",
        "per-node/anywhere-pool-1",
    ];

    [Theory]
    [MemberData(nameof(SmallExhaustiveEntries))]
    public void DFS_with_the_thread_start_reduction_finds_exactly_the_outcomes_of_DFS_without_it_in_fewer_schedules(string scenario)
    {
        ExplorationResult reduced = Exhaust(scenario, Reduction.ThreadStarts);
        ExplorationResult full = Exhaust(scenario, Reduction.None);

        Assert.Equal(full.Outcomes, reduced.Outcomes);
        Assert.True(reduced.Schedules < full.Schedules,
            $"{scenario}: the reduction explored {reduced.Schedules} schedules, no fewer than the {full.Schedules} without it.");
    }

    [Fact]
    public void A_reduction_that_loses_interleavings_is_caught_losing_outcomes()
    {
        const string scenario = "domain/requested2-helpers1-pool1-size4-chunk1-align1";
        ExplorationResult lossy = Exhaust(scenario, Reduction.NonPreemptiveForSelfTest);
        ExplorationResult full = Exhaust(scenario, Reduction.None);

        Assert.Subset(full.Outcomes.ToHashSet(), lossy.Outcomes.ToHashSet());
        Assert.True(lossy.Outcomes.Count < full.Outcomes.Count,
            $"The non-preemptive reduction kept all {full.Outcomes.Count} outcomes; the comparison could not tell a lossy reduction from a sound one.");
    }

    private ExplorationResult Exhaust(string scenario, Reduction reduction)
    {
        ExplorationResult result = Controlled.Exhaust(Controlled.Request(scenario) with { Reduction = reduction }, output, $"{scenario} ({reduction})");
        output.WriteLine($"{reduction}: {Report.Coverage(result)}, {result.Outcomes.Count} outcomes");
        return result;
    }
}
