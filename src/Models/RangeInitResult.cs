namespace Padata.Models;

/// <summary>What one job of a node's deferred init did: the zone, the pfns the job covered, and how the engine ran it.</summary>
public sealed record RangeInitResult(string Zone, PfnRange Range, JobResult Job);
