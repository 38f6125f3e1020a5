namespace Padata.Harness.Contracts;

/// <summary>
/// An estimate of how many schedules a DFS will explore, made before it starts by Knuth's method
/// (1975): <see cref="Probes"/> random schedules, each choosing uniformly among the operations DFS
/// could choose from at every decision (the reduction installed), each weighted by the product of
/// those numbers of choices along its path; the estimate is the mean weight. It is unbiased (its
/// expectation is the number of leaves of the tree DFS walks) but can be far off for a few hundred
/// probes when the tree is lopsided: most probes then miss the rare deep branches that hold most of
/// the schedules, and the estimate comes out low. It is a guide for a progress line, never a count.
/// </summary>
/// <param name="Total">The mean weight of the probes: the estimated number of schedules.</param>
/// <param name="Probes">Random schedules run to make it.</param>
/// <param name="Elapsed">The time the probes took (not part of the exploration's own time).</param>
public sealed record ScheduleEstimate(double Total, int Probes, TimeSpan Elapsed)
{
    /// <summary>The total to two significant figures: the estimate is not more precise than that.</summary>
    public double Rounded
    {
        get
        {
            if (Total < 100)
                return Math.Round(Total);
            double scale = Math.Pow(10, Math.Floor(Math.Log10(Total)) - 1);
            return Math.Round(Total / scale) * scale;
        }
    }

    /// <summary>"≈130,000 (Knuth, 200 probes)".</summary>
    public override string ToString() => $"≈{Rounded:N0} (Knuth, {Probes} probes)";
}
