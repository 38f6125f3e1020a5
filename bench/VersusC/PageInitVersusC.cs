using System.Text;
using Padata.Bench.Commands;
using Padata.Harness.Contracts;
using static System.FormattableString;

namespace Padata.Bench.VersusC;

/// <summary>
/// <c>versus-c</c>: deferred page init on the engine beside the C reference, both as fresh
/// processes, alternately (C then engine, engine then C in the next round, for every worker
/// count), so that whatever else the machine does falls on both. For the engine: the first job of
/// each process (cold) and the jobs after it (warm); for C: its best and median per process. The
/// table goes to standard output and into docs/benchmarks.md between its markers.
/// </summary>
internal static class PageInitVersusC
{
    /// <summary>Where in the results page the table goes.</summary>
    public static readonly DocsSection Section = new("<!-- page-init-versus-c:begin -->", "<!-- page-init-versus-c:end -->",
                                                      "Page init beside the C reference, cold and warm");

    private sealed class Cell
    {
        public List<double> CBest { get; } = [];
        public List<double> CMedian { get; } = [];
        public List<double> Cold { get; } = [];
        public List<double> Warm { get; } = [];
    }

    public static int Run(VersusCOptions options, TextWriter output)
    {
        string repository = RepositoryRoot();
        EngineProcess engine = EngineProcess.Find(repository)
            ?? throw new BenchUsageException("src/Verify/bin/Release/net10.0/padata-verify.dll is missing: run `dotnet build Verify.sln -c Release` first.");
        string source = options.Reference ?? Path.GetFullPath(Path.Combine(repository, "..", "shared", "reference", "pageinit.c"));
        CReference? c = CReference.Compile(source, Path.Combine(Path.GetTempPath(), "padata-versus-c"), out string? skipped);
        output.WriteLine(c is null ? $"versus-c: skipping the C reference: {skipped}" : $"versus-c: C reference {source} compiled with {c.Compiler} -O2 -pthread");

        string loadBefore = LoadAverage();
        DateTime started = DateTime.UtcNow;
        var cells = Enumerable.Range(1, options.MaxWorkers).ToDictionary(w => w, _ => new Cell());
        for (int round = 0; round < options.Processes; round++)
        {
            for (int workers = 1; workers <= options.MaxWorkers; workers++)
            {
                Cell cell = cells[workers];
                // Alternate which goes first, so neither always follows the other's memory traffic.
                bool cFirst = (round + workers) % 2 == 0;
                for (int turn = 0; turn < 2; turn++)
                {
                    if ((turn == 0) == cFirst)
                    {
                        if (c is null)
                            continue;
                        var (best, median) = c.Measure(options.Pages, workers, options.Runs);
                        cell.CBest.Add(best);
                        cell.CMedian.Add(median);
                    }
                    else
                    {
                        IReadOnlyList<double> times = engine.Measure(options.Pages, workers, options.Runs);
                        cell.Cold.Add(times[0]);
                        cell.Warm.AddRange(times.Skip(1));
                    }
                }
                output.WriteLine(Invariant($"round {round + 1}/{options.Processes}, {workers} worker(s): engine cold {cell.Cold[^1]:F1} ms")
                                 + (c is null ? "" : Invariant($", C median {cell.CMedian[^1]:F1} ms")));
            }
        }
        string loadAfter = LoadAverage();

        string table = Table(cells, options, c, skipped, started, loadBefore, loadAfter);
        output.WriteLine();
        output.WriteLine(table);
        string docs = options.Docs ?? Path.Combine(repository, "docs", "benchmarks.md");
        Section.WriteInto(docs, table);
        output.WriteLine($"versus-c: wrote the table into {docs}");
        return BenchExitCode.Done;
    }

    private static string Table(Dictionary<int, Cell> cells, VersusCOptions options, CReference? c, string? skipped, DateTime started, string loadBefore, string loadAfter)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Measured {started:yyyy-MM-dd HH:mm} UTC by `dotnet run --project bench -c Release -- versus-c --processes {options.Processes} --runs {options.Runs}`: "));
        text.AppendLine(Invariant($"{options.Pages:N0} pages, {options.Processes} processes of each per worker count, run alternately; {options.Runs} jobs per process. "));
        text.AppendLine($"Load average (1, 5, 15 min) before: {loadBefore}; after: {loadAfter}. ");
        text.AppendLine($"Ran at {Priority()}. ");
        text.AppendLine("**cold** = the first job of a fresh `padata-verify page-init` process (median and best over the processes); ");
        text.AppendLine(Invariant($"**warm** = jobs 2..{options.Runs} of those processes, pooled (median and best); "));
        text.AppendLine(c is null
            ? $"**C**: skipped ({skipped})."
            : Invariant($"**C** = `pageinit.c` init+free ({Path.GetFileName(c.Compiler)} -O2 -pthread): the median of its per-process medians of {options.Runs} runs, and its best run."));
        text.AppendLine();
        text.AppendLine("| workers | C median (best) | engine warm median (best) | warm / C | engine cold median (best) | cold / warm | cold / C |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (workers, cell) in cells)
        {
            double warm = Statistics.Median(cell.Warm), cold = Statistics.Median(cell.Cold);
            double? cMedian = cell.CMedian.Count > 0 ? Statistics.Median(cell.CMedian) : null;
            text.AppendLine(Invariant($"| {workers} | {(cMedian is double m ? $"{m:F1} ms ({cell.CBest.Min():F1})" : "n/a")} | {warm:F1} ms ({cell.Warm.Min():F1}) | {Ratio(warm, cMedian)} | ")
                            + Invariant($"{cold:F1} ms ({cell.Cold.Min():F1}) | {cold / warm:F2}× | {Ratio(cold, cMedian)} |"));
        }
        if (cells.Count > 1)
        {
            text.AppendLine();
            text.AppendLine("Scaling (median at 1 worker / median at N):");
            text.AppendLine();
            text.AppendLine("| workers | C | engine warm | engine warm / C | engine cold |");
            text.AppendLine("| ---: | ---: | ---: | ---: | ---: |");
            Cell one = cells[1];
            foreach (var (workers, cell) in cells.Where(p => p.Key > 1))
            {
                double warm = Statistics.Median(one.Warm) / Statistics.Median(cell.Warm);
                double cold = Statistics.Median(one.Cold) / Statistics.Median(cell.Cold);
                double? cScaling = cell.CMedian.Count > 0 ? Statistics.Median(one.CMedian) / Statistics.Median(cell.CMedian) : null;
                text.AppendLine(Invariant($"| {workers} | {(cScaling is double s ? $"{s:F2}×" : "n/a")} | {warm:F2}× | {(cScaling is double t ? $"{warm / t:F2}" : "n/a")} | {cold:F2}× |"));
            }
        }
        return text.ToString().TrimEnd();
    }

    private static string Ratio(double value, double? reference) => reference is double r ? Invariant($"{value / r:F2}×") : "n/a";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown (no /proc/loadavg)";

    /// <summary>
    /// This process's nice value, its autogroup's (Linux gives every session one, and between
    /// autogroups only the group's nice counts, so a loaded machine's other sessions share the CPUs
    /// with this one whatever its own nice value), and the helper priority setting the engine
    /// processes inherit: what the load average alone does not say.
    /// </summary>
    private static string Priority()
    {
        string nice = "nice unknown";
        if (File.Exists("/proc/self/stat"))
        {
            // The fields after the command name, which ends at the last ')': nice is the 19th field.
            string stat = File.ReadAllText("/proc/self/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            nice = $"nice {fields[16]}";
        }
        string group = File.Exists("/proc/self/autogroup") ? File.ReadAllText("/proc/self/autogroup").Trim() : "no autogroup";
        string helpers = Environment.GetEnvironmentVariable("PADATA_HELPER_PRIORITY") is { Length: > 0 } setting ? setting : "lowest (default)";
        return $"{nice}, {group}; PADATA_HELPER_PRIORITY {helpers}";
    }

    private static string RepositoryRoot()
    {
        for (string? directory = Directory.GetCurrentDirectory(); directory is not null; directory = Path.GetDirectoryName(directory))
            if (File.Exists(Path.Combine(directory, "Verify.sln")))
                return directory;
        throw new BenchUsageException("versus-c runs from inside the repository (no Verify.sln above the current directory).");
    }
}
