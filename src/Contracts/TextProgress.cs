namespace Padata.Harness.Contracts;

/// <summary>Writes a check's progress lines (<see cref="Report"/>) to a text writer.</summary>
public sealed class TextProgress(TextWriter writer) : ICheckProgress
{
    /// <summary>Progress that goes nowhere.</summary>
    public static ICheckProgress None { get; } = new TextProgress(TextWriter.Null);

    public void Exploring(string scenario, ExplorationBudget exploration) => writer.WriteLine(Report.Exploring(scenario, exploration));

    public void Explored(ExplorationResult result) => writer.WriteLine(Report.Explored(result));
}
