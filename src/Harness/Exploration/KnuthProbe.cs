using System.Collections;
using System.Reflection;
using Microsoft.Coyote.SystematicTesting;

namespace Padata.Harness.Exploration;

/// <summary>
/// The schedule reducer that walks one random path of a DFS's tree for <see cref="KnuthEstimator"/>:
/// installed after the DFS's own reduction, it is handed at every decision exactly the operations
/// DFS would choose from, picks one of them uniformly with its own generator (so the walk does not
/// depend on how Coyote's strategies draw), hands back that one alone, and multiplies the path's
/// <see cref="Weight"/> by how many there were.
/// <para>
/// Its fields are rewritten like the rest of the harness: it is used only without memory-access
/// interleaving, where a field access is not a scheduling point.
/// </para>
/// </summary>
internal class KnuthProbe : DispatchProxy
{
    private Type operationType = null!;
    private ulong state;

    /// <summary>The product of the numbers of choices along the path so far (a double: it can exceed any integer).</summary>
    public double Weight { get; private set; } = 1;

    /// <summary>Decisions on the path so far, and how many of them had a choice.</summary>
    public int Decisions { get; private set; }

    /// <summary>Adds a probe to the scheduler of <paramref name="engine"/>, after any reducer already there.</summary>
    public static KnuthProbe Install(TestingEngine engine, ulong seed)
    {
        (IList reducers, Type reducerInterface, Type operation) = Reductions.SchedulerReducers.Of(engine, Missing);
        var probe = (KnuthProbe)DispatchProxy.Create(reducerInterface, typeof(KnuthProbe));
        probe.operationType = operation;
        probe.state = seed;
        reducers.Add(probe);
        return probe;
    }

    /// <summary>Starts the next path (between schedules).</summary>
    public void Restart()
    {
        Weight = 1;
        Decisions = 0;
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args) => method?.Name switch
    {
        "ReduceOperations" => Choose((IEnumerable)args![0]!),
        "InitializeNextIteration" => null,
        _ => throw new NotSupportedException($"Coyote called IScheduleReducer.{method?.Name}, which this harness does not know."),
    };

    private object Choose(IEnumerable enabled)
    {
        object[] choices = [.. enabled.Cast<object>()];
        Decisions++;
        if (choices.Length <= 1)
            return enabled;
        Weight *= choices.Length;
        Array only = Array.CreateInstance(operationType, 1);
        only.SetValue(choices[(int)(Next() % (ulong)choices.Length)], 0);
        return only;
    }

    /// <summary>SplitMix64: a generator of its own, no library call inside the scheduler.</summary>
    private ulong Next()
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static MissingMemberException Missing(string member) =>
        new($"Coyote's {member} is gone: the DFS estimate needs Coyote 1.7.11's internal scheduler (check --no-estimate meanwhile).");
}
