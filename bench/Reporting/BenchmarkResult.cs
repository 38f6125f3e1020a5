namespace Padata.Bench.Reporting;

/// <summary>
/// One benchmark case as BenchmarkDotNet's full JSON exporter records it: which method, with which
/// parameters, its statistics in nanoseconds per operation, and the per-iteration measurements of
/// its result stage (empty in results converted from the older CSV export, which had none).
/// </summary>
internal sealed record BenchmarkResult(
    BenchmarkId Id,
    IReadOnlyDictionary<string, string> Parameters,
    double MedianNs,
    double MeanNs,
    IReadOnlyList<double> ResultNs)
{
    /// <summary>The value of an integer parameter (for example <c>Workers</c>).</summary>
    public int IntParameter(string name) =>
        Parameters.TryGetValue(name, out string? value) && int.TryParse(value, out int parsed)
            ? parsed
            : throw new InvalidDataException($"{Id}: no integer parameter '{name}' (parameters: {string.Join(", ", Parameters.Select(p => $"{p.Key}={p.Value}"))})");
}
