using System.Diagnostics;
using Padata.Models;

namespace Padata.Verify;

/// <summary>
/// The end of a native run of a user whose job rolls back on failure (vfio-pin, fallocate): its
/// failures, the verifier's report, and whether the call succeeded or failed as the inputs say it must.
/// </summary>
internal static class UndoableJobVerdict
{
    /// <summary>One line per failing chunk or undo of a job that failed; nothing for a job that succeeded.</summary>
    public static void PrintFailures(JobFailedException? failure)
    {
        if (failure is null)
            return;
        foreach (ChunkFailure f in failure.Failures)
            Console.WriteLine($"  {(f.IsUndoFailure ? "undo of" : "chunk")} {f.Chunk}: {f.Error.Message}");
    }

    /// <summary>
    /// Runs <paramref name="verify"/>, prints its report and whether <paramref name="subject"/> failed exactly
    /// when it had to, and returns the exit code: <see cref="ExitCode.Passed"/> only when both hold.
    /// </summary>
    /// <param name="why">Why it had to succeed or fail, for the expected line ("" for none).</param>
    /// <param name="violationWhy">The same for the violation line.</param>
    public static int Judge(Func<VerificationReport> verify, string subject, bool mustFail, bool succeeded, string why, string violationWhy)
    {
        var clock = Stopwatch.StartNew();
        VerificationReport report = verify();
        clock.Stop();
        bool expected = succeeded != mustFail;
        string must = mustFail ? "had to fail" : "had to succeed";
        string did = succeeded ? "succeeded" : "failed";
        Console.WriteLine($"verify:   {clock.Elapsed.TotalMilliseconds:F1} ms: {report}");
        Console.WriteLine(expected
            ? $"expected: {subject} {must}{why}, and it {did}"
            : $"VIOLATION: {subject} {must}{violationWhy}, but it {did}");
        return report.Holds && expected ? ExitCode.Passed : ExitCode.Violated;
    }
}
