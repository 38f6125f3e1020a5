namespace Padata.Properties;

/// <summary>A bounded wait on the engine timed out: the engine (or the test) hangs.</summary>
public sealed class EngineHangException(string message) : Exception(message);
