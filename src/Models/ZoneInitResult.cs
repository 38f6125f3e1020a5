namespace Padata.Models;

/// <summary>What deferred init did for one zone: its present pages and how the engine ran the job.</summary>
public sealed record ZoneInitResult(string Zone, ulong PresentPages, JobResult Job);
