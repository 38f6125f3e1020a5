namespace Padata;

/// <summary>
/// The job's thread function, the kernel's <c>thread_fn(start, end, arg)</c>: processes the
/// half-open range <c>[start, end)</c> of the caller's units. Any state it needs is captured by
/// the delegate (the kernel passes it as <c>fn_arg</c>).
/// </summary>
public delegate void ChunkFunction(ulong start, ulong end);
