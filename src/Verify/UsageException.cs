namespace Padata.Verify;

/// <summary>
/// Something the user typed or pointed at is wrong. The message is for the user as it stands: it
/// names the flag, file or scenario, the rule and, where there is one, the fix. Exit code 2.
/// </summary>
internal sealed class UsageException(string message) : Exception(message);
