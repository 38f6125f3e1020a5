namespace Padata.Properties;

/// <summary>
/// The pool's grant and accounting on several nodes, and its refusals, pinned with literal worked
/// examples (docs/design.md §7.3 "The grant", "Placement", and §7.3.1 "The grant"). The pool is
/// internal (reached through InternalsVisibleTo): through <see cref="PadataEngine"/> a grant is
/// seen only as the chunks its helpers happen to run, while these contracts are the grant itself
/// (which node each item goes to, what is counted against the caps). Added for mutation testing
/// (docs/mutation.md).
/// </summary>
public class WorkPoolAccountingContractTests
{
    private static HelperLimits Caps(int system, params int[] perNode) => new(perNode, system);

    private static int[] Nodes(PadataWork[] items) => [.. items.Select(i => i.Node)];

    [Fact]
    public void A_pool_refuses_null_limits_naming_them()
    {
        Assert.Equal("limits", Assert.Throws<ArgumentNullException>(() => new WorkPool(1, null!)).ParamName);
    }

    [Fact]
    public void A_fresh_pool_places_its_first_NUMA_aware_helper_on_node_0_and_goes_on_round_robin_across_takes()
    {
        // No NUMA-aware helper has gone anywhere yet: the walk "from the node after the last used"
        // starts at the first node, then continues where the previous take stopped.
        var pool = new WorkPool(8, HelperLimits.None(3));
        Assert.Equal([0, 1], Nodes(pool.Take(2, homeNode: 0, numaAware: true)));
        Assert.Equal([2, 0, 1], Nodes(pool.Take(3, homeNode: 0, numaAware: true)));
        // A take that is not NUMA-aware neither uses nor moves the cursor.
        Assert.Equal([0], Nodes(pool.Take(1, homeNode: 0, numaAware: false)));
        Assert.Equal([2, 0], Nodes(pool.Take(2, homeNode: 0, numaAware: true)));
    }

    [Fact]
    public void Take_of_a_count_alone_places_every_helper_on_node_0_and_leaves_the_NUMA_cursor_alone()
    {
        var pool = new WorkPool(6, HelperLimits.None(3));
        Assert.Equal([0, 0, 0], Nodes(pool.Take(3)));
        // The cursor is still before node 0: the next NUMA-aware helper goes to node 0.
        Assert.Equal([0, 1], Nodes(pool.Take(2, homeNode: 0, numaAware: true)));
    }

    [Fact]
    public void A_take_for_a_node_outside_the_pool_is_refused_naming_homeNode_and_the_node_count()
    {
        var pool = new WorkPool(2, HelperLimits.None(2));
        foreach (int bad in new[] { -1, 2, 3 })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => pool.Take(1, homeNode: bad, numaAware: false));
            Assert.Equal("homeNode", e.ParamName);
            Assert.Equal(bad, e.ActualValue);
            Assert.StartsWith("homeNode must name one of the 2 node(s).", e.Message);
        }
        Assert.Equal(2, pool.Available);
        Assert.Equal([1], Nodes(pool.Take(1, homeNode: 1, numaAware: false)));
    }

    [Fact]
    public void A_per_node_take_refuses_no_wants_and_wants_for_another_number_of_nodes()
    {
        var pool = new WorkPool(4, HelperLimits.None(2));
        Assert.Equal("wanted", Assert.Throws<ArgumentNullException>(() => pool.Take(null!, anywhere: false)).ParamName);
        foreach (int[] wrong in new[] { new[] { 1 }, new[] { 1, 1, 1 } })
        {
            var e = Assert.Throws<ArgumentException>(() => pool.Take(wrong, anywhere: false));
            Assert.Equal("wanted", e.ParamName);
            Assert.StartsWith($"wanted gives {wrong.Length} node(s); the pool places helpers on 2.", e.Message);
        }
        Assert.Equal(4, pool.Available);
    }

    [Fact]
    public void A_per_node_take_grants_no_more_than_the_system_cap_leaves()
    {
        // Pool 6, node caps 3 and 3, system cap 4: 2 helpers running on node 0 leave 2 places
        // system-wide, although the free list (4) and node 1's cap (3) would allow 3.
        var pool = new WorkPool(6, Caps(4, 3, 3));
        Assert.Equal([0, 0], Nodes(pool.Take(2, homeNode: 0, numaAware: false)));
        PadataWork[] got = pool.Take([0, 3], anywhere: false);
        Assert.Equal([1, 1], Nodes(got));
        Assert.Equal([2, 2], pool.Running);
        // The system cap is reached: nothing more, whatever the node caps allow.
        Assert.Empty(pool.Take([1, 1], anywhere: true));
        Assert.Equal(2, pool.Available);
    }

    [Fact]
    public void Helpers_a_per_node_take_grants_count_against_the_system_cap_for_later_takes()
    {
        // Pool 4, node caps 4 and 4 (never binding), system cap 2: a per-node take of 2 fills the
        // system cap, so a later take of either kind gets nothing until one helper finishes.
        var pool = new WorkPool(4, Caps(2, 4, 4));
        Assert.True(pool.TracksCaps);
        Assert.Equal([0, 1], Nodes(pool.Take([1, 1], anywhere: false)));
        Assert.Empty(pool.Take(2, homeNode: 0, numaAware: false));
        Assert.Empty(pool.Take([1, 1], anywhere: true));
        pool.ReleaseCap(1);
        Assert.Equal([0], Nodes(pool.Take(2, homeNode: 0, numaAware: false)));
        Assert.Empty(pool.Take(2, homeNode: 1, numaAware: true));
        Assert.Equal(1, pool.Available);
    }

    [Fact]
    public void Releasing_a_cap_no_helper_holds_is_refused_naming_the_node_and_changes_nothing()
    {
        var pool = new WorkPool(3, Caps(2, 1, 1));
        Assert.Equal([1], Nodes(pool.Take(1, homeNode: 1, numaAware: false)));
        var e = Assert.Throws<InvalidOperationException>(() => pool.ReleaseCap(0));
        Assert.Equal("No helper of node 0 is counted against its cap (released twice).", e.Message);
        pool.ReleaseCap(1);
        var twice = Assert.Throws<InvalidOperationException>(() => pool.ReleaseCap(1));
        Assert.Equal("No helper of node 1 is counted against its cap (released twice).", twice.Message);
        Assert.Equal([0, 0], pool.Running);
        // Both places are free again, and the system cap counts exactly these two.
        Assert.Equal([0, 1], Nodes(pool.Take(3, homeNode: 0, numaAware: true)));
    }

    [Fact]
    public void A_return_refuses_a_cancelled_count_outside_0_to_its_items_and_changes_nothing()
    {
        var pool = new WorkPool(3);
        PadataWork[] taken = pool.Take(2);
        foreach (int bad in new[] { -1, 3 })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => pool.Return(taken, cancelledHelpers: bad));
            Assert.Equal("cancelledHelpers", e.ParamName);
            Assert.Equal(bad, e.ActualValue);
            Assert.StartsWith("cancelledHelpers must be 0 to the 2 item(s) returned.", e.Message);
        }
        Assert.Equal(1, pool.Available);
        Assert.Equal(0, pool.CancelledHelpers);
        Assert.All(taken, i => Assert.False(i.IsFree));
        // Both bounds themselves are legal.
        pool.Return([taken[0]], cancelledHelpers: 1);
        pool.Return([taken[1]], cancelledHelpers: 0);
        Assert.Equal((3, 1), (pool.Available, pool.CancelledHelpers));
    }
}
