using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Padata.Verify;

/// <summary>The options that spread a check over cores and machines, checked by the parser like <see cref="Values"/>.</summary>
internal static partial class ScaleOptions
{
    /// <summary>Jobs at most: far above any machine this runs on, low enough that a typo is caught.</summary>
    public const int MaxJobs = 1_024;

    public static Option<int> Jobs() => Values.WholeNumber("--jobs",
        "Explorations run at once, each catalog entry in a worker process of its own (default: the processor count; 1 runs them one after another in this process).",
        1, MaxJobs, Math.Clamp(Environment.ProcessorCount, 1, MaxJobs));

    /// <summary>--shard K/N: 1 ≤ K ≤ N ≤ 100,000.</summary>
    public static Option<Shard?> Shard() => new("--shard")
    {
        Description = "Run only part K of N of the plan (1 ≤ K ≤ N): every Nth catalog entry from the Kth (with --budget: every Nth seed). merge joins the N reports.",
        HelpName = "K/N",
        CustomParser = result =>
        {
            string typed = result.Tokens.Single().Value;
            Match m = ShardPattern().Match(typed);
            if (m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int k)
                          && int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int n)
                          && n is >= 1 and <= 100_000 && k >= 1 && k <= n)
                return new Shard(k, n);
            result.AddError($"--shard must be K/N with whole numbers 1 ≤ K ≤ N ≤ 100,000, e.g. 2/4 (got '{typed}').");
            return null;
        },
    };

    /// <summary>--budget 90s, 10m, 2h (at least 1 s, at most 7 days).</summary>
    public static Option<TimeSpan?> Budget() => new("--budget")
    {
        Description = "Time-boxed sampling: sample the selected scenarios (default: the sampled ones) with seeds --seed, --seed + 1, ... "
                      + "(--schedules each, default 1000; pct and random, or --strategy) on every job until this much time is up, e.g. 10m. No sample starts after it; the running ones finish.",
        HelpName = "duration",
        CustomParser = result =>
        {
            string typed = result.Tokens.Single().Value;
            Match m = DurationPattern().Match(typed);
            if (m.Success && long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long amount))
            {
                double seconds = amount * m.Groups[2].Value switch { "s" => 1, "m" => 60, "h" => 3600, _ => 86400 };
                if (seconds is >= 1 and <= 7 * 86400)
                    return TimeSpan.FromSeconds(seconds);
            }
            result.AddError($"--budget must be a duration from 1s to 7d: a whole number and s, m, h or d, e.g. 90s, 10m or 2h (got '{typed}').");
            return null;
        },
    };

    /// <summary>A file to write (its folder is created): the path as typed must not be empty or a directory.</summary>
    public static Option<string?> OutputFile(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = "file" };
        option.Validators.Add(result =>
        {
            string? path = result.GetValueOrDefault<string?>();
            if (string.IsNullOrWhiteSpace(path))
                result.AddError($"{name} needs a file name (got '{path}').");
            else if (Directory.Exists(path))
                result.AddError($"{name} '{path}' is a directory; give a file name.");
        });
        return option;
    }

    [GeneratedRegex(@"^(\d{1,6})/(\d{1,6})$")]
    private static partial Regex ShardPattern();

    [GeneratedRegex(@"^(\d{1,7})([smhd])$")]
    private static partial Regex DurationPattern();
}
