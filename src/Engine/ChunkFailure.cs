namespace Padata;

/// <summary>A chunk whose thread function threw, and what it threw.</summary>
public sealed record ChunkFailure(Chunk Chunk, Exception Error);
