namespace Padata.Harness.Contracts;

/// <summary>Whether each assembly a controlled run loads really is Coyote-rewritten, and from where.</summary>
public sealed record RewriteStatus(string Assembly, string Location, bool Rewritten);
