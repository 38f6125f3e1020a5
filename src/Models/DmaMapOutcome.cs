namespace Padata.Models;

/// <summary>What one DMA map request did: the job's result when it succeeded, its failure otherwise.</summary>
public sealed record DmaMapOutcome(DmaMapRequest Request, JobResult? Result, JobFailedException? Failure)
{
    public bool Succeeded => Failure is null;

    public override string ToString() => UndoableJobOutcome.Describe(Request, "mapped", Result, Failure);
}
