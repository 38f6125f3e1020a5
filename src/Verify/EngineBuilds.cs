using Padata.Harness.Contracts;
using Padata.Systematic;

namespace Padata.Verify;

/// <summary>
/// Which build of the engine a replay loads. A schedule file is data, never code: the build is
/// resolved from the variant NAME it records, to a build of this project's own, and a directory is
/// loaded only when the user passes one (--engine-dir). The directory the file records is shown
/// for information and never followed.
/// <list type="bullet">
/// <item><c>production</c>: this build's rewritten engine (controlled/ beside the program).</item>
/// <item>a known-bad variant's name (a plain name on the project's list, <see cref="KnownBadVariants"/>):
/// the project's own build of it, artifacts/variants/NAME/ under the repository this program was
/// built in; when it is missing, the message names the command that builds it.</item>
/// <item>anything else: refused; the user may pass --engine-dir.</item>
/// </list>
/// </summary>
internal static class EngineBuilds
{
    /// <summary>
    /// Where the project's variant builds are: artifacts/variants/ under the repository this program
    /// was built in (null outside one). Settable for the command-line tests, which run one at a time.
    /// </summary>
    internal static string? VariantsDirectory { get; set; } =
        RepositoryRoot() is { } repository ? Path.Combine(repository, "artifacts", "variants") : null;

    public static string Resolve(ScheduleFile file, string path)
    {
        string name = file.EngineVariant;
        if (name == ControlledHarness.ProductionBuild)
            return ControlledCommands.DefaultDirectory;
        KnownBadVariant? variant = KnownBadVariants.All.FirstOrDefault(v => v.Name == name);
        if (variant is null)
            throw new UsageException(
                $"'{path}' was found on engine build '{Printable(name)}', which is neither '{ControlledHarness.ProductionBuild}' nor one of this project's " +
                $"known-bad variants ({string.Join(", ", KnownBadVariants.All.Select(v => v.Name))}); " +
                "to replay it on a build of your choosing, pass --engine-dir DIRECTORY.");
        string? variants = VariantsDirectory;
        string directory = Path.Combine(variants ?? Path.Combine("<repository>", "artifacts", "variants"), variant.Name);
        if (variants is null || !File.Exists(Path.Combine(directory, "Padata.Harness.dll")))
            throw new UsageException(
                $"'{path}' was found on known-bad variant '{variant.Name}', whose build is missing at {directory}; " +
                $"build it with: dotnet test tests/Systematic -c Release --filter \"DisplayName~{variant.Name}\" (or pass --engine-dir).");
        return directory;
    }

    /// <summary>The repository this program was built in (the folder holding Verify.sln above it), if any.</summary>
    public static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Verify.sln")))
                return directory.FullName;
        return null;
    }

    /// <summary>A recorded name as a message may show it: control characters escaped, length bounded.</summary>
    private static string Printable(string text)
    {
        string shown = string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return shown.Length > 80 ? shown[..77] + "..." : shown;
    }
}
