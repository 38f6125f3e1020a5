namespace Padata.Models;

/// <summary>What one fallocate call did: the job's result when it succeeded, its failure (rolled back) otherwise.</summary>
public sealed record FallocateOutcome(FallocateRequest Request, JobResult? Result, JobFailedException? Failure)
{
    public bool Succeeded => Failure is null;

    public override string ToString() => UndoableJobOutcome.Describe(Request, "allocated", Result, Failure);
}
