namespace TinyNets.Studies.Storage;

/// <summary>
/// Where a study keeps its trials. Every method is one transaction, so a process killed at any moment leaves the
/// store as it was before or after the call. SQLite (<see cref="SqliteStudyStore"/>) is the embedded default; a shared
/// server database can be added behind this interface, and must pass the same contract tests (StudyStoreContract).
/// </summary>
public interface IStudyStore : IDisposable
{
    /// <summary>Creates the study, or returns the one of that name. The same name with another spec is an error.</summary>
    StudyInfo Open(string name, string specText);

    /// <summary>The studies this store holds.</summary>
    IReadOnlyList<StudyInfo> Studies();

    /// <summary>Replaces a study's spec text, its trials untouched: for a spec changed where the study allows it (its budget).</summary>
    void ReplaceSpec(long study, string specText);

    /// <summary>
    /// Adds trials as queued and marks finished trials as pruned, together. A trial whose (experiment, round,
    /// configuration, replicate) the study already holds is not added again, so replanning after a crash is harmless.
    /// </summary>
    void Advance(long study, IReadOnlyList<NewTrial> add, IReadOnlyList<long> prune);

    /// <summary>Takes the first queued trial (by id): it becomes running with its attempt counted up. Null when none is queued.</summary>
    TrialRecord? Claim(long study, string worker);

    /// <summary>
    /// Ends a running trial: its state, outcome, per-epoch metrics and folder, together. False, changing nothing, when
    /// the trial is not running under <paramref name="attempt"/> (it was requeued, or already finished).
    /// </summary>
    bool Finish(long trial, int attempt, TrialState state, TrialOutcome? outcome, IReadOnlyList<EpochRow> epochs, string? path, string? error);

    /// <summary>Running trials go back to the queue (their runner died); returns how many.</summary>
    int Requeue(long study);

    IReadOnlyList<TrialRecord> Trials(long study);

    IReadOnlyList<EpochRow> Epochs(long trial);

    StudyCounts Counts(long study);

    /// <summary>Adds wall time spent running the study; returns the total so far (for a time budget).</summary>
    double AddElapsed(long study, double seconds);
}

public sealed record StudyInfo(long Id, string Name, string SpecText, double ElapsedSeconds);

public enum TrialState { Queued, Running, Complete, Pruned, Failed, Diverged }

/// <summary>A trial to add: one configuration of an experiment's round (a stage, or a rung of successive halving), one seed.</summary>
/// <param name="Configuration">The configuration's label (<c>lr=0.01, optimizer=adam</c>): trials with the same label are its replicates.</param>
/// <param name="Parameters">Each searched parameter's value label, including those fixed by earlier stages.</param>
/// <param name="ConfigYaml">The trial's full run configuration (config.yaml): enough to run it, and to reproduce it with tinynets train.</param>
public sealed record NewTrial(string Experiment, int Round, string Configuration, IReadOnlyDictionary<string, string> Parameters,
    int Replicate, ulong Seed, string ConfigYaml);

/// <summary>A trial as stored. <paramref name="Attempt"/> counts how many times a runner took it.</summary>
public sealed record TrialRecord(long Id, string Experiment, int Round, string Configuration, IReadOnlyDictionary<string, string> Parameters,
    int Replicate, ulong Seed, string ConfigYaml, TrialState State, int Attempt, string? Worker, TrialOutcome? Outcome, string? Path,
    DateTimeOffset? Started, DateTimeOffset? Finished, string? Error);

/// <summary>How a finished trial went: the kept model's losses and accuracies, and where the time went.</summary>
/// <param name="Objective">The experiment's objective (validation loss or accuracy; the training one without a validation split).</param>
/// <param name="Epochs">Epochs over all the run's attempts (restarts).</param>
/// <param name="BookkeepingSeconds">Writing the trial's folder and the store: the study's cost on top of training.</param>
public sealed record TrialOutcome(double? Objective, double TrainLoss, double? TrainAccuracy, double? ValLoss, double? ValAccuracy,
    double? TestLoss, double? TestAccuracy, int Epochs, int Attempts, int WinningAttempt, double TrainSeconds, double BookkeepingSeconds);

/// <summary>One epoch of one attempt of a trial's run.</summary>
public sealed record EpochRow(int Attempt, int Epoch, double LearningRate, double TrainLoss, double? TrainAccuracy, double? ValLoss,
    double? ValAccuracy, double? TestLoss, double? TestAccuracy);

public sealed record StudyCounts(int Total, int Queued, int Running, int Complete, int Pruned, int Failed, int Diverged);
