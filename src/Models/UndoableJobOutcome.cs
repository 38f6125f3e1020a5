namespace Padata.Models;

/// <summary>
/// How the outcome of one job with undo reads (<see cref="DmaMapOutcome"/>, <see cref="FallocateOutcome"/>):
/// what it did when it succeeded, its first failure otherwise (the job was rolled back).
/// </summary>
internal static class UndoableJobOutcome
{
    /// <summary><paramref name="request"/>, then <paramref name="done"/> with the job's shape, or the failure it was rolled back after.</summary>
    public static string Describe(object request, string done, JobResult? result, JobFailedException? failure) =>
        failure is null
            ? $"{request}: {done} ({result!.Value.Workers} worker(s), {result.Value.Chunks} chunk(s) of {result.Value.ChunkSize} page(s))"
            : $"{request}: failed, rolled back: {failure.Failures[0].Error.Message}" +
              (failure.Failures.Count > 1 ? $" (+{failure.Failures.Count - 1} more failure(s))" : "");
}
