using System.Runtime.CompilerServices;

// The pool, its work items and the workqueue are the engine's own; users see read-only counts
// (PadataEngine.PoolCapacity, PoolAvailable). These see the rest: the harness (the pool scenario),
// the FsCheck properties of the pool and workqueue, and the benchmarks (pool take and return).
// Written here rather than in Engine.csproj so that a bug-zoo variant, compiled from this
// folder's sources, grants the same access.
[assembly: InternalsVisibleTo("Padata.Harness")]
[assembly: InternalsVisibleTo("Properties")]
[assembly: InternalsVisibleTo("Bench")]
