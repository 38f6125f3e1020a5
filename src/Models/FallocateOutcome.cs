namespace Padata.Models;

/// <summary>What one fallocate call did: the job's result when it succeeded, its failure (rolled back) otherwise.</summary>
public sealed record FallocateOutcome(FallocateRequest Request, JobResult? Result, JobFailedException? Failure)
{
    public bool Succeeded => Failure is null;

    public override string ToString() =>
        Succeeded
            ? $"{Request}: allocated ({Result!.Value.Workers} worker(s), {Result.Value.Chunks} chunk(s) of {Result.Value.ChunkSize} page(s))"
            : $"{Request}: failed, rolled back: {Failure!.Failures[0].Error.Message}" +
              (Failure.Failures.Count > 1 ? $" (+{Failure.Failures.Count - 1} more failure(s))" : "");
}
