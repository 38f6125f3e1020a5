using Microsoft.Coyote.Runtime;
using Microsoft.Coyote.Specifications;

namespace Padata.Harness.Scenarios;

/// <summary>
/// The world of a schedule under the controlled scheduler: Coyote's assertions and scheduling
/// points, an unsynchronized log, no delays, no locks. No member has a branch or a field access,
/// so it adds no scheduling point under memory-access interleaving either.
/// </summary>
internal sealed class ControlledWorld : World
{
    public static readonly ControlledWorld Instance = new();

    private ControlledWorld()
    {
    }

    public override ExecutionLog NewLog() => new();

    public override void Assert(bool holds, string message) => Specification.Assert(holds, message);

    public override void Suppress() => SchedulingPoint.Suppress();

    public override void Resume() => SchedulingPoint.Resume();

    public override void Interleave() => SchedulingPoint.Interleave();

    public override void Delay()
    {
    }

    public override ChunkFunction? Delayed(ChunkFunction? undo) => undo;

    public override void BeginStep()
    {
    }

    public override void EndStep()
    {
    }
}
