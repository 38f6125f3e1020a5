using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Padata.Bench.VersusC;

/// <summary>
/// The C reference (<c>pageinit.c</c>, the same init+free work in plain C on pthreads), compiled
/// with the system C compiler and run as its own process: one process per measurement, reading
/// back its <c>init+free</c> line (best and median over its runs).
/// </summary>
internal sealed partial class CReference
{
    /// <summary>Compilers tried, in order, on PATH.</summary>
    public static readonly string[] Compilers = ["cc", "gcc", "clang"];

    private readonly string binary;

    private CReference(string binary, string compiler)
    {
        this.binary = binary;
        Compiler = compiler;
    }

    /// <summary>The compiler used (its path).</summary>
    public string Compiler { get; }

    /// <summary>
    /// Compiles <paramref name="source"/> with <c>-O2 -pthread</c> (the reference's own build line)
    /// into <paramref name="directory"/>; null with the reason when no compiler is on PATH or it failed.
    /// </summary>
    public static CReference? Compile(string source, string directory, out string? skipped)
    {
        string? compiler = Compilers.Select(OnPath).FirstOrDefault(path => path is not null);
        if (compiler is null)
        {
            skipped = $"no C compiler on PATH (looked for {string.Join(", ", Compilers)}): the C reference columns are left empty";
            return null;
        }
        if (!File.Exists(source))
        {
            skipped = $"the C reference {source} does not exist (pass --reference PATH): the C reference columns are left empty";
            return null;
        }
        Directory.CreateDirectory(directory);
        string binary = Path.Combine(directory, "pageinit");
        var (code, output) = Run(compiler, ["-O2", "-pthread", "-o", binary, source]);
        if (code != 0)
        {
            skipped = $"{compiler} -O2 -pthread {source} failed (exit {code}): {output.Trim()}";
            return null;
        }
        skipped = null;
        return new CReference(binary, compiler);
    }

    /// <summary>One process: init+free at <paramref name="threads"/> threads, best and median of <paramref name="runs"/> runs, in ms.</summary>
    public (double Best, double Median) Measure(ulong pages, int threads, int runs)
    {
        var (code, output) = Run(binary, [pages.ToString(CultureInfo.InvariantCulture), threads.ToString(CultureInfo.InvariantCulture), runs.ToString(CultureInfo.InvariantCulture)]);
        if (code != 0)
            throw new InvalidOperationException($"{binary} {pages} {threads} {runs} exited with {code}: {output}");
        Match line = InitFreeLine().Matches(output).FirstOrDefault(m => int.Parse(m.Groups["threads"].Value, CultureInfo.InvariantCulture) == threads)
                     ?? throw new InvalidOperationException($"{binary} printed no init+free line for {threads} thread(s): {output}");
        return (double.Parse(line.Groups["best"].Value, CultureInfo.InvariantCulture), double.Parse(line.Groups["median"].Value, CultureInfo.InvariantCulture));
    }

    internal static (int Code, string Output) Run(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name)).FirstOrDefault(File.Exists);

    [GeneratedRegex(@"^init\+free\s+threads=(?<threads>\d+)\s.*best_ms=(?<best>[\d.]+)\s+median_ms=(?<median>[\d.]+)", RegexOptions.Multiline)]
    private static partial Regex InitFreeLine();
}
