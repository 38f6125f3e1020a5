namespace Padata.Harness.Records;

/// <summary>What the harness saw happen, in the order it happened within one schedule.</summary>
internal enum EventKind
{
    CallerEntered,
    ChunkStarted,
    ChunkReturned,
    ChunkThrew,
    CallerReturned,
    CallerThrew,
}
