namespace Padata.Harness.Contracts;

/// <summary>One unit of a plan: its place in the whole plan and its name (an entry; in a budget run, entry, strategy and seed).</summary>
public sealed record ReportedUnit(long Index, string Id);
