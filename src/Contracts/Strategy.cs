namespace Padata.Harness.Contracts;

/// <summary>How the schedules of a scenario are chosen.</summary>
public enum Strategy
{
    /// <summary>Depth-first over every scheduling choice until none is left: exhaustive when it finishes within budget.</summary>
    Dfs,

    /// <summary>Priority-based (PCT) sampling: few priority change points find shallow ordering bugs fast.</summary>
    Pct,

    /// <summary>Uniform random choice at every scheduling point.</summary>
    Random,

    /// <summary>
    /// Coyote's own tuned portfolio (fair mode), which switches between its strategies from one
    /// schedule to the next. It is what Coyote runs when no strategy is chosen: choosing any
    /// other one turns it off.
    /// </summary>
    Portfolio,
}
