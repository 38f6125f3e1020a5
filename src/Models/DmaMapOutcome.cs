namespace Padata.Models;

/// <summary>What one DMA map request did: the job's result when it succeeded, its failure otherwise.</summary>
public sealed record DmaMapOutcome(DmaMapRequest Request, JobResult? Result, JobFailedException? Failure)
{
    public bool Succeeded => Failure is null;

    public override string ToString() =>
        Succeeded
            ? $"{Request}: mapped ({Result!.Value.Workers} worker(s), {Result.Value.Chunks} chunk(s) of {Result.Value.ChunkSize} page(s))"
            : $"{Request}: failed, rolled back: {Failure!.Failures[0].Error.Message}" +
              (Failure.Failures.Count > 1 ? $" (+{Failure.Failures.Count - 1} more failure(s))" : "");
}
