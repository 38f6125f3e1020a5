extern alias systematic;

using Builder = systematic::Padata.Systematic.VariantBuilder;
using Zoo = systematic::Padata.Systematic.KnownBadVariants;

namespace Padata.Cli;

/// <summary>
/// A known-bad variant built once for the replay tests (artifacts/variants/NAME/, where replay
/// resolves the name), and a schedule file of the failure the real check finds in it.
/// </summary>
public sealed class Variant
{
    public const string Name = "first-finisher-signals";

    private static readonly Lazy<Variant> Built = new(() => new Variant());

    private Variant()
    {
        Directory = Builder.Build(Zoo.All.Single(v => v.Name == Name));
        string schedules = System.IO.Directory.CreateTempSubdirectory("padata-cli-schedules-").FullName;
        Check = Tool.Run("check", "basic/one-helper-two-chunks", "--engine-dir", Directory, "--variant", Name, "--schedules-dir", schedules);
        ScheduleFile = System.IO.Directory.GetFiles(schedules, "*.json").SingleOrDefault()
                       ?? throw new InvalidOperationException($"the check of {Name} wrote no schedule file:\n{Check}");
    }

    public static Variant Instance => Built.Value;

    /// <summary>The variant's rewritten build.</summary>
    public string Directory { get; }

    /// <summary>The check that caught it.</summary>
    public ToolRun Check { get; }

    /// <summary>The schedule file that check wrote.</summary>
    public string ScheduleFile { get; }
}
