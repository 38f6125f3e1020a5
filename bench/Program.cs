using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using Padata.Bench;
using Padata.Bench.Commands;
using Padata.Bench.Priority;
using Padata.Bench.Reporting;

// dotnet run --project bench -c Release -- smoke                   every benchmark once, no timing (CI runs it through a test)
// dotnet run --project bench -c Release -- report [results] [docs]  ratios table and chart from the full JSON results
// dotnet run --project bench -c Release -- import-csv <csv dir> <json dir> <yyyyMMdd-HHmmss>  older CSV results into the JSON layout
// dotnet run --project bench -c Release -- versus-c [--processes 5 --runs 9]  page init cold and warm beside the C reference, into docs/benchmarks.md (--help: every option)
// dotnet run --project bench -c Release -- priority [--launches 3 --warmups 5 --iterations 15] [--docs docs/benchmarks.md]  page init under a spinning load, helpers (a) normal (b) lowest (c) renice-or-cancel (--help: every option)
// dotnet run --project bench -c Release -- [BenchmarkDotNet args]   the benchmarks (for example --filter '*PageInit*')
switch (args.FirstOrDefault())
{
    case "smoke":
        IReadOnlyList<string> problems = BenchmarkSmoke.Run(ConsoleLogger.Default);
        foreach (string problem in problems)
            Console.Error.WriteLine($"smoke: {problem}");
        Console.WriteLine(problems.Count == 0 ? "smoke: every benchmark ran once" : $"smoke: {problems.Count} problem(s)");
        return problems.Count == 0 ? 0 : 1;
    case "report":
        return BenchmarkReport.Write(
            args.Length > 1 ? args[1] : Path.Combine("BenchmarkDotNet.Artifacts", "results"),
            args.Length > 2 ? args[2] : "docs",
            Console.Out);
    case "import-csv":
        if (args.Length != 4)
        {
            Console.Error.WriteLine("usage: import-csv <csv directory> <json directory> <run start as yyyyMMdd-HHmmss, UTC>");
            return 2;
        }
        return CsvImport.Run(args[1], args[2], args[3], Console.Out);
    case "versus-c" or "priority":
        // Parsed with System.CommandLine (BenchCommandLine): options with rules, --help, exit codes.
        return BenchCommandLine.Run(args, Console.Out, Console.Error);
    default:
        // Every benchmark class carries BenchConfig; an empty base keeps the switcher's default
        // exporters from being added a second time beside BenchConfig's (two writers, one file).
        // The helper-priority benchmark is left to `priority`: its cases are jobs with their own
        // environment, which a plain run would not set (it would measure one setting and call it all).
        BenchmarkSwitcher.FromTypes(typeof(PageInitBenchmarks).Assembly.GetTypes()
                .Where(t => t != typeof(HelperPriorityBenchmarks) && t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkAttribute), false))).ToArray())
            .Run(args, ManualConfig.CreateEmpty());
        return 0;
}
