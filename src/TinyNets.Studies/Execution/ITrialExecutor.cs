using TinyNets.Studies.Specs;
using TinyNets.Studies.Storage;

namespace TinyNets.Studies.Execution;

/// <summary>Runs one trial. The study runner owns the store and the folders; an executor only trains and describes.</summary>
public interface ITrialExecutor
{
    /// <summary>
    /// Trains <paramref name="trial"/>; returns how it ended, and how to write its folder. When <paramref name="stop"/>
    /// fires, returns <see cref="TrialResult.Interrupted"/> soon: the trial then goes back to the queue.
    /// </summary>
    TrialResult Run(TrialRecord trial, Objective objective, CancellationToken stop);
}

/// <summary>How a trial ended. <paramref name="WriteFolder"/> writes its run folder into the directory it is given.</summary>
public sealed record TrialResult(TrialState State, TrialOutcome? Outcome, IReadOnlyList<EpochRow> Epochs, Action<string>? WriteFolder, string? Error)
{
    /// <summary>Stopped before the end (Ctrl-C): nothing is recorded, and the trial is queued again.</summary>
    public static readonly TrialResult Interrupted = new(TrialState.Queued, null, [], null, null);

    public static TrialResult Failed(string error) => new(TrialState.Failed, null, [], null, error);
}
