using System.CommandLine;
using Padata.Bench.Commands;
using Padata.Verify;

namespace Padata.Bench.VersusC;

/// <summary><c>versus-c</c>'s options (<see cref="PageInitVersusC"/> runs it).</summary>
internal static class VersusCCommand
{
    public static Command Create(Func<VersusCOptions, TextWriter, int> run)
    {
        var processes = Values.WholeNumber<int>("--processes", "Fresh processes of each (engine and C) per worker count: a cold median needs at least 5.", 5, int.MaxValue, 5);
        var runs = Values.WholeNumber<int>("--runs", "Jobs per process: the first is the cold one, the rest are warm.", 2, 1_000, 9);
        var pages = Values.WholeNumber<ulong>("--pages", "Pages in the zone (4,194,304 = 16 GiB).", 1_024, 1UL << 30, 4_194_304);
        var workers = Values.WholeNumber<int>("--workers", "Worker counts 1 to this are measured (the default is this machine's processor count).", 1, 64, Environment.ProcessorCount);
        var reference = new Option<string?>("--reference")
        {
            Description = "The C reference pageinit.c (default: ../shared/reference/pageinit.c beside the repository; "
                          + "where that is missing or no C compiler is on PATH, the C columns are left empty).",
            HelpName = "file",
        };
        reference.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } source && !File.Exists(source))
                result.AddError($"--reference '{source}' does not exist (give the C reference's source, pageinit.c).");
        });
        var docs = CommonOptions.Docs("The page the table is written into, between its markers (default: docs/benchmarks.md of the repository).");

        var command = new Command("versus-c",
            "Deferred page init on the engine (fresh padata-verify page-init processes: cold and warm) beside the C reference, "
            + "alternately, for 1 to --workers workers; the table goes to standard output and into --docs. Build Verify.sln in Release first.")
        {
            processes, runs, pages, workers, reference, docs,
        };
        command.SetAction(parse => run(
            new VersusCOptions(parse.GetValue(processes), parse.GetValue(runs), parse.GetValue(pages), parse.GetValue(workers),
                               CommonOptions.FullPath(parse, reference), CommonOptions.FullPath(parse, docs)),
            parse.InvocationConfiguration.Output));
        return command;
    }
}
