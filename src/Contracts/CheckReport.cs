using System.Text.Json;

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

    public static readonly JsonSerializerOptions Json = StrictJsonFile.Options(camelCase: true);

    /// <summary>Writes the report whole or not at all (<see cref="AtomicFile"/>).</summary>
    public void Save(string path) => StrictJsonFile.Save(path, this, Json);

    /// <summary>Reads a report strictly: every problem is an <see cref="InvalidDataException"/> or <see cref="FileNotFoundException"/> naming the file.</summary>
    public static CheckReport Load(string path)
    {
        string text = StrictJsonFile.ReadText(path, "report", MaxBytes);
        string? format = StrictJsonFile.ReadFormat(path, text, "report", "format");
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
            throw new InvalidDataException($"'{path}' is not a valid {CurrentFormat} file: {StrictJsonFile.OneLine(e)}", e);
        }
    }
}
