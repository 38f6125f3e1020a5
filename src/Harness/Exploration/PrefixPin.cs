using System.Collections;
using System.Reflection;
using Microsoft.Coyote.SystematicTesting;

namespace Padata.Harness.Exploration;

/// <summary>
/// The schedule reducer that confines a DFS to one subtree, so a large DFS can be split into parts
/// that run apart (<see cref="SchedulePrefixes"/>): installed after the DFS's own reduction, it
/// counts the decisions at which more than one operation is left (branching decisions) and at the
/// first ones hands back only the operation the <see cref="Prefix"/> names, by its place in the
/// list it was given; past the prefix it narrows nothing, or, when enumerating the prefixes,
/// hands back the first operation alone.
/// <para>
/// Why the parts are exactly the whole. DFS (Coyote 1.7.11's) takes a node's choices in the order of
/// that list and walks each choice's subtree before the next; at a pinned node it sees one choice,
/// below the prefix it sees what it would see unpinned. The subtrees of all prefixes of the tree cut
/// at depth k are disjoint and cover it, and in the order of the prefixes they are the order DFS
/// walks them in: the schedules of the parts, in prefix order, are the schedules of the whole DFS in
/// its order. A list that is shorter than a prefix's index means the tree is not the one that was
/// cut, which fails loudly.
/// </para>
/// <para>Without memory-access interleaving only (its field accesses are rewritten like the harness's).</para>
/// </summary>
internal class PrefixPin : DispatchProxy
{
    private Type operationType = null!;
    private bool pinRest;

    /// <summary>The choice (place in the list) at each of the first branching decisions.</summary>
    public int[] Prefix { get; private set; } = [];

    /// <summary>How many operations there were at each branching decision of the schedule so far (pinned ones only).</summary>
    public List<int> Branching { get; } = [];

    /// <summary>Adds a pin to the scheduler of <paramref name="engine"/>, after any reducer already there.</summary>
    /// <param name="pinRest">Past the prefix, hand back the first operation alone (each schedule then is one path).</param>
    public static PrefixPin Install(TestingEngine engine, int[] prefix, bool pinRest)
    {
        (IList reducers, Type reducerInterface, Type operation) = Reductions.SchedulerReducers.Of(engine, Missing);
        var pin = (PrefixPin)DispatchProxy.Create(reducerInterface, typeof(PrefixPin));
        pin.operationType = operation;
        pin.pinRest = pinRest;
        pin.Prefix = prefix;
        reducers.Add(pin);
        return pin;
    }

    /// <summary>Starts the next schedule (between schedules), pinned to <paramref name="prefix"/>.</summary>
    public void Restart(int[] prefix)
    {
        Prefix = prefix;
        Branching.Clear();
        decisions = 0;
    }

    private int decisions;

    protected override object? Invoke(MethodInfo? method, object?[]? args) => method?.Name switch
    {
        "ReduceOperations" => Pin((IEnumerable)args![0]!),
        "InitializeNextIteration" => null,
        _ => throw new NotSupportedException($"Coyote called IScheduleReducer.{method?.Name}, which this harness does not know."),
    };

    private object Pin(IEnumerable enabled)
    {
        object[] choices = [.. enabled.Cast<object>()];
        if (choices.Length <= 1)
            return enabled;
        int at = decisions++;
        int pick;
        if (at < Prefix.Length)
            pick = Prefix[at] < choices.Length
                ? Prefix[at]
                : throw new InvalidOperationException(
                    $"DFS part {string.Join('.', Prefix)}: branching decision {at} has {choices.Length} choices, not the {Prefix[at] + 1} or more it had when the DFS was split.");
        else if (pinRest)
            pick = 0;
        else
            return enabled;
        Branching.Add(choices.Length);
        Array only = Array.CreateInstance(operationType, 1);
        only.SetValue(choices[pick], 0);
        return only;
    }

    private static MissingMemberException Missing(string member) =>
        new($"Coyote's {member} is gone: splitting a DFS into parts needs Coyote 1.7.11's internal scheduler (check --jobs 1 meanwhile).");
}
