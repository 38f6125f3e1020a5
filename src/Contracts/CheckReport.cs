using System.Text.Json;
using System.Text.Json.Serialization;

namespace Padata.Harness.Contracts;

/// <summary>
/// A check's machine-readable report (<c>check --report FILE</c>; format
/// <see cref="CurrentFormat"/>, documented in the README): which build and which plan it ran, which
/// shard of it, and every exploration's result. <c>merge</c> reads the reports of a plan's shards
/// back and prints the table and exit code of one full run.
/// </summary>
/// <param name="Format">Always <see cref="CurrentFormat"/>.</param>
/// <param name="Fingerprint">The explored build (<see cref="BuildFingerprint"/>): reports of different builds are never merged.</param>
/// <param name="ToolVersion">The padata-verify that wrote the report.</param>
/// <param name="EngineVariant">The engine build's name (production or a known-bad variant).</param>
/// <param name="Selection">What the check was asked to run, as typed (filters and options).</param>
/// <param name="Plan">SHA-256 over the whole plan (every shard's units): reports of different plans are never merged.</param>
/// <param name="PlanUnits">Units in the whole plan (catalog entries); null for a --budget run, which has no end.</param>
/// <param name="Shard">Which part of the plan this run took: K of N.</param>
/// <param name="Units">The units this run ran (entries; in a budget run one sample each), in plan order.</param>
/// <param name="NotStarted">This shard's units that never started (the check was stopped).</param>
/// <param name="StoppedBy">What stopped the check early (--timeout, Ctrl-C), or null.</param>
/// <param name="Explorations">Every exploration's result, in plan order.</param>
public sealed record CheckReport(
    string Format,
    string Fingerprint,
    string ToolVersion,
    string EngineVariant,
    CheckSelection Selection,
    string Plan,
    long? PlanUnits,
    ShardIdentity Shard,
    IReadOnlyList<ReportedUnit> Units,
    IReadOnlyList<ReportedUnit> NotStarted,
    string? StoppedBy,
    DateTimeOffset Started,
    double WallSeconds,
    IReadOnlyList<ReportedExploration> Explorations)
{
    public const string CurrentFormat = "padata-verify/report/1";

    /// <summary>A report file larger than this is not one this tool wrote (a full check's is a few hundred KiB).</summary>
    public const long MaxBytes = 64 << 20;

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Writes the report whole or not at all (<see cref="AtomicFile"/>).</summary>
    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, this, Json));
    }

    /// <summary>Reads a report strictly: every problem is an <see cref="InvalidDataException"/> or <see cref="FileNotFoundException"/> naming the file.</summary>
    public static CheckReport Load(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new FileNotFoundException(Directory.Exists(path) ? $"'{path}' is a directory, not a report." : $"no report at '{path}'.", path);
        if (info.Length > MaxBytes)
            throw new InvalidDataException($"'{path}' is {info.Length:N0} bytes, more than a report may be ({MaxBytes:N0} bytes).");
        string text = File.ReadAllText(path);
        string? format;
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            format = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("format", out JsonElement f) && f.ValueKind == JsonValueKind.String
                ? f.GetString()
                : null;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a complete report: the JSON is truncated or malformed (line {e.LineNumber + 1}).", e);
        }
        if (format != CurrentFormat)
            throw new InvalidDataException(format is null
                ? $"'{path}' is not a padata-verify report (it has no \"format\" field)."
                : $"'{path}' is report format '{format}'; this padata-verify reads '{CurrentFormat}' only.");
        try
        {
            return JsonSerializer.Deserialize<CheckReport>(text, Json) ?? throw new InvalidDataException($"'{path}' holds null, not a report.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a valid {CurrentFormat} file: {e.Message.Split('\n')[0].Trim()}", e);
        }
    }
}

/// <summary>What a check was asked to run: reports merge only when these are equal.</summary>
/// <param name="Filters">Scenario names or prefixes as typed (empty: all; in a budget run, every sampled entry).</param>
/// <param name="Strategy">--strategy, or null for the catalog's explorations.</param>
/// <param name="Schedules">--schedules, or null.</param>
/// <param name="Seed">--seed, or null.</param>
/// <param name="Reduction">The reduction replacing DFS's (--no-reduction: none), or null for the catalog's.</param>
/// <param name="BudgetSeconds">--budget in seconds, or null for a catalog check.</param>
public sealed record CheckSelection(
    IReadOnlyList<string> Filters,
    Strategy? Strategy,
    uint? Schedules,
    uint? Seed,
    Reduction? Reduction,
    double? BudgetSeconds)
{
    public bool Equivalent(CheckSelection other) =>
        Filters.SequenceEqual(other.Filters, StringComparer.Ordinal) && Strategy == other.Strategy && Schedules == other.Schedules
        && Seed == other.Seed && Reduction == other.Reduction && BudgetSeconds == other.BudgetSeconds;

    public override string ToString() =>
        (Filters.Count == 0 ? "all scenarios" : string.Join(" ", Filters))
        + (Strategy is { } s ? $" --strategy {s.ToString().ToLowerInvariant()}" : "")
        + (Schedules is { } n ? $" --schedules {n}" : "") + (Seed is { } seed ? $" --seed {seed}" : "")
        + (Reduction == Contracts.Reduction.None ? " --no-reduction" : "") + (BudgetSeconds is { } b ? $" --budget {b}s" : "");
}

/// <summary>Shard <see cref="K"/> of <see cref="N"/> (1 ≤ K ≤ N).</summary>
public sealed record ShardIdentity(int K, int N)
{
    public override string ToString() => $"{K}/{N}";
}

/// <summary>One unit of a plan: its place in the whole plan and its name (an entry; in a budget run, entry, strategy and seed).</summary>
public sealed record ReportedUnit(long Index, string Id);

/// <summary>One exploration's result as a report holds it.</summary>
/// <param name="Unit">The place in the plan of the unit it belongs to.</param>
/// <param name="Exploration">Strategy, seed, schedule budget, step bound, memory accesses, reduction.</param>
/// <param name="Description">The exploration as the table shows it (e.g. "pct/3 seed 1 (2000 schedules)").</param>
/// <param name="Schedules">Schedules run to the end (or to the failure).</param>
/// <param name="Coverage">"exhausted" (DFS ran out of schedules: every one was explored), "sampled" or "interrupted".</param>
/// <param name="MustExhaust">The check required this exploration to be exhaustive.</param>
/// <param name="Outcomes">The distinct outcomes of its schedules.</param>
/// <param name="Result">"pass", "fail" or "incomplete".</param>
/// <param name="Seconds">Its wall time.</param>
/// <param name="Failure">The failure with its schedule file and replay command, or null.</param>
/// <param name="ScheduleFile">The failing schedule's file (as written, on the machine that ran it), or null.</param>
/// <param name="ReplayCommand">The command that replays it, or null.</param>
public sealed record ReportedExploration(
    long Unit,
    string Scenario,
    string Shape,
    ExplorationBudget Exploration,
    string Description,
    int Schedules,
    string Coverage,
    bool MustExhaust,
    IReadOnlyList<string> Outcomes,
    string Result,
    double Seconds,
    string? Failure,
    string? ScheduleFile,
    string? ReplayCommand)
{
    public static ReportedExploration From(long unit, ExplorationResult r) =>
        new(unit, r.Scenario, r.Shape, r.Exploration, r.Exploration.ToString(), r.Schedules,
            r.Exhausted ? "exhausted" : r.Interrupted ? "interrupted" : "sampled", r.MustExhaust, r.Outcomes,
            r.Verdict.ToString().ToLowerInvariant(), r.Elapsed.TotalSeconds, r.Failure, r.ScheduleFile, r.ReplayCommand);

    /// <summary>The result as a check returned it (inverse of <see cref="From"/>).</summary>
    public ExplorationResult ToResult() =>
        new ExplorationResult(Scenario, Shape, Exploration, Schedules, Coverage == "exhausted", TimeSpan.FromSeconds(Seconds),
                              Failure, ScheduleFile, ReplayCommand, MustExhaust)
            { Outcomes = Outcomes, Interrupted = Coverage == "interrupted" };
}
