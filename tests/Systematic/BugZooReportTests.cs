using Xunit.Abstractions;

namespace Padata.Systematic;

/// <summary>
/// The bug zoo's statistics (docs/bug-zoo.md): every variant measured with the default check, DFS,
/// and PCT and random over ten seeds each, then the table regenerated. Opt-in (see
/// <see cref="BugZooReport.Command"/>): it runs about as long as the whole default test run.
/// </summary>
public class BugZooReportTests(ITestOutputHelper output)
{
    [OptInFact("PADATA_BUG_ZOO_REPORT")]
    public void Every_zoo_entry_is_caught_by_its_default_check_and_replays_deterministically_and_the_table_is_regenerated()
    {
        var progress = new StringWriter();
        List<BugZooMeasurement> rows = KnownBadVariants.All.Select(v => BugZooMeasurement.Measure(v, progress)).ToList();
        string path = Path.Combine(Controlled.RepositoryRoot, "docs", "bug-zoo.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, BugZooReport.Render(rows, DateTimeOffset.UtcNow));
        output.WriteLine(progress.ToString());
        output.WriteLine($"wrote {path}");

        Assert.All(rows, r => Assert.True(r.Caught, $"{r.Variant.Name} escaped the default check"));
        Assert.All(rows, r => Assert.True(r.DefaultSchedules <= r.Variant.CatchWithin, $"{r.Variant.Name}: the default check needed {r.DefaultSchedules} schedules, more than its bound of {r.Variant.CatchWithin:N0}"));
        Assert.All(rows, r => Assert.True(r.ReplaysDeterministically, $"{r.Variant.Name}: {r.Reproduced}/{BugZooMeasurement.Replays} replays reproduced"));
    }
}
