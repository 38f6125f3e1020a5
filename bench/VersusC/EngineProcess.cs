using System.Globalization;
using System.Text.RegularExpressions;

namespace Padata.Bench.VersusC;

/// <summary>
/// The engine as a user meets it: the built <c>padata-verify page-init</c>, one fresh process per
/// measurement. Its first job is the cold one (a fresh runtime: nothing compiled, no worker thread
/// started yet); the jobs after it are warm.
/// </summary>
internal sealed partial class EngineProcess(string cli)
{
    /// <summary>The CLI's build output under <paramref name="repository"/>, or null when it was not built in Release.</summary>
    public static EngineProcess? Find(string repository)
    {
        string dll = Path.Combine(repository, "src", "Verify", "bin", "Release", "net10.0", "padata-verify.dll");
        return File.Exists(dll) ? new EngineProcess(dll) : null;
    }

    public string Cli => cli;

    /// <summary>Init time of each job of one process, in order (the first is the cold one), in ms.</summary>
    public IReadOnlyList<double> Measure(ulong pages, int workers, int runs)
    {
        var (code, output) = CReference.Run("dotnet", [cli, "page-init", "--pages", pages.ToString(CultureInfo.InvariantCulture),
                                                      "--cpus", workers.ToString(CultureInfo.InvariantCulture), "--runs", runs.ToString(CultureInfo.InvariantCulture)]);
        if (code != 0)
            throw new InvalidOperationException($"padata-verify page-init --cpus {workers} exited with {code}: {output}");
        double[] times = InitLine().Matches(output).Select(m => double.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture)).ToArray();
        if (times.Length != runs || !output.TrimEnd().Split('\n')[^1].Contains("median ", StringComparison.Ordinal))
            throw new InvalidOperationException($"padata-verify page-init printed {times.Length} init lines for {runs} runs, or no median last: {output}");
        return times;
    }

    [GeneratedRegex(@"^\s+init:\s+(?<ms>[\d.]+) ms", RegexOptions.Multiline)]
    private static partial Regex InitLine();
}
