namespace Padata.Harness.Contracts;

/// <summary>Told about each exploration of a check as it starts and when it ends (<see cref="TextProgress"/> prints them).</summary>
public interface ICheckProgress
{
    void Exploring(string scenario, ExplorationBudget exploration);

    void Explored(ExplorationResult result);
}
