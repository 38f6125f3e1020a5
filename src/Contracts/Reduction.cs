namespace Padata.Harness.Contracts;

/// <summary>Which scheduling choices DFS leaves out (the harness's <c>ThreadStartReduction</c> argues why).</summary>
public enum Reduction
{
    /// <summary>Every choice at every scheduling point.</summary>
    None,

    /// <summary>A just-started thread and a thread that just started another run first: sound for data-race-free code.</summary>
    ThreadStarts,

    /// <summary>
    /// Known-unsound (no preemption of a thread that can continue): exists so the self-tests can show
    /// the cross-check catches a lossy reduction.
    /// </summary>
    NonPreemptiveForSelfTest,
}
