namespace Padata.Harness.Oracles;

/// <summary>
/// What the caller's side of a job (<see cref="Scenarios.LedgerCall"/>) needs of the job's ledger:
/// its id in the log, and the flag its thread function reads to catch a chunk starting after the
/// caller returned. A property, so that reaching it is no field access of the harness (see
/// <see cref="World"/>).
/// </summary>
internal interface ICallerLedger
{
    string Id { get; }

    bool CallerReturned { get; set; }
}
