namespace Padata;

/// <summary>
/// The caller's node of a job (<see cref="MultithreadedJob.Node"/>, <see cref="PerNodeJob.Node"/>):
/// 0 or more when set; whether the engine's topology has that node is checked when the job runs.
/// </summary>
internal static class CallerNode
{
    /// <summary><paramref name="value"/> when it can name a node; otherwise refused as the job's <c>Node</c>.</summary>
    public static int Checked(int value) => value >= 0
        ? value
        : throw new ArgumentOutOfRangeException("Node", value, "Node must be 0 or more (a node of the engine's topology).");
}
