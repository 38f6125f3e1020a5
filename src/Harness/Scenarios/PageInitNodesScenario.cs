using Padata.Models;
using Padata.Reference;

namespace Padata.Harness.Scenarios;

/// <summary>
/// Deferred struct page init as the kernel boots (docs/design.md §7.3): the production
/// <see cref="DeferredPageInit.RunConcurrently"/>, one caller per node started together on one
/// engine whose topology is the layout's, with the given helper limits. The callers are the
/// model's own threads and the thread function the model's own, so nothing is watched during the
/// run; when every caller is back: every page of every node initialized and freed exactly once, the
/// free lists whole (<see cref="MemmapVerifier"/>), every zone's page structs and free blocks as the
/// kernel rules give them (tests/Reference), no caller failed, and every work item back in the pool.
/// </summary>
internal sealed class PageInitNodesScenario(string name, MemoryLayout layout, int poolCapacity, HelperLimits limits) : Scenario
{
    public override string Name => name;

    public override string Shape => $"pool={poolCapacity} {limits} concurrent node callers: " + string.Join(" | ", layout.Nodes);

    public override void Run()
    {
        LastLog = World.Current.NewLog();
        World.Current.Suppress();
        var engine = new PadataEngine(poolCapacity, DeferredPageInit.TopologyOf(layout), limits);
        var model = new MemoryModel(layout);
        World.Current.Resume();

        AggregateException? failure = null;
        try
        {
            DeferredPageInit.RunConcurrently(engine, model);
        }
        catch (AggregateException e)
        {
            failure = e;
        }

        World.Current.Suppress();
        World.Current.Assert(failure is null, $"Deferred init with concurrent node callers failed: {failure?.InnerExceptions.FirstOrDefault()}");
        VerificationReport report = MemmapVerifier.Verify(model);
        World.Current.Assert(report.Holds, $"After every node caller returned: {report}");
        foreach (Zone zone in model.Zones)
        {
            List<string> differences = PageInitReference.Differences(model, zone);
            World.Current.Assert(differences.Count == 0,
                $"Zone {zone.Name}, after every node caller returned, differs from the kernel rules: {string.Join("; ", differences)}");
        }
        World.Current.Assert(engine.PoolAvailable == poolCapacity,
            $"After deferred init, {engine.PoolAvailable} of {poolCapacity} work items are in the pool.");
        engine.Dispose();
        World.Current.Resume();
    }
}
