using BenchmarkDotNet.Attributes;

namespace Padata.Bench;

/// <summary>
/// What every benchmark of a job on the engine shares: one engine for all its iterations (made by
/// the benchmark's own global setup, disposed after the last iteration), and a check after every
/// iteration (<see cref="Problem"/>), so a fast wrong run cannot pass as a result: a wrong one
/// fails the benchmark, naming the run.
/// </summary>
public abstract class VerifiedEngineBenchmarks
{
    protected PadataEngine EngineUnderTest { get; set; } = null!;

    /// <summary>How a failed check names the run.</summary>
    protected virtual string RunName => GetType().Name;

    /// <summary>What is wrong with the iteration that just ran; null when it holds, or when it ran nothing to check (the baselines that only clear memory).</summary>
    protected abstract string? Problem();

    [IterationCleanup]
    public void VerifyRun()
    {
        if (Problem() is { } problem)
            throw new InvalidOperationException($"{RunName}: {problem}");
    }

    [GlobalCleanup]
    public void Cleanup() => EngineUnderTest.Dispose();
}
