using TinyNets.Data;
using TinyNets.Models;
using TinyNets.Training;

namespace TinyNets.Runs;

/// <summary>How one attempt of a run went.</summary>
/// <param name="BestEpoch">The epoch whose weights the attempt kept (its best by the monitored value).</param>
/// <param name="StoppedEarly">Early stopping fired: the monitored value had plateaued.</param>
public sealed record AttemptSummary(int Attempt, int EpochsRun, int BestEpoch, double BestValue, double? ValidationLoss,
    double? ValidationAccuracy, double TrainLoss, double? TrainAccuracy, bool StoppedEarly, long Steps);

/// <summary>One epoch's metrics, tagged with its attempt.</summary>
public sealed record AttemptEpoch(int Attempt, EpochMetrics Metrics);

/// <summary>Everything a finished (or interrupted, or diverged) run produced.</summary>
public sealed record RunResult
{
    public required RunConfig Config { get; init; }
    public required ModelSpec Spec { get; init; }
    public required TaskSetup Setup { get; init; }
    /// <summary>The winning attempt's weights (its best epoch, unless early stopping is off).</summary>
    public required Sequential Model { get; init; }
    public required Standardizer? Standardizer { get; init; }
    public required DataSplit Data { get; init; }
    /// <summary>What reading the CSV file found beside the data (<see cref="RunData.Csv"/>); null for a generated set.</summary>
    public Data.Csv.CsvTable? Csv { get; init; }
    /// <summary>Rows of the CSV file skipped for a missing, NaN or infinite value (<c>--drop-invalid</c>).</summary>
    public int DroppedRows => Csv?.DroppedRows ?? 0;
    public required IReadOnlyList<AttemptSummary> Attempts { get; init; }
    public required IReadOnlyList<AttemptEpoch> Epochs { get; init; }
    /// <summary>Each attempt's step recorder (empty when recording is off).</summary>
    public IReadOnlyList<StepRecorder> StepRecords { get; init; } = [];
    /// <summary>The winning attempt's weights before training, in state-dict order.</summary>
    public IReadOnlyList<Serialization.NamedTensor> InitialWeights { get; init; } = [];
    /// <summary>The winning attempt's weights at epochs 1, 2, 5, 10, 20, ... and its last (empty when recording is off).</summary>
    public IReadOnlyList<(int Epoch, IReadOnlyList<Serialization.NamedTensor> Weights)> Snapshots { get; init; } = [];
    /// <summary>What the diagnoses found in the winning attempt (empty when recording is off).</summary>
    public IReadOnlyList<Diagnostics.Finding> Findings { get; init; } = [];
    public required int WinningAttempt { get; init; }
    public required Evaluation Train { get; init; }
    public required Evaluation? Validation { get; init; }
    public required Evaluation? Test { get; init; }
    /// <summary>A regression's RMSE per target on the validation and test rows, in the targets' own units (its losses may be
    /// on the standardized targets); null for a classifier or a set the split left empty.</summary>
    public IReadOnlyList<double>? ValidationRmse { get; init; }
    public IReadOnlyList<double>? TestRmse { get; init; }
    public required long Steps { get; init; }
    public required double TrainSeconds { get; init; }
    /// <summary>The step whose loss was NaN or infinite; the model holds the weights from before it.</summary>
    public long? DivergedAtStep { get; init; }
    /// <summary>Stopped by Ctrl-C or a stop request; the folder is consistent, with what was trained so far.</summary>
    public bool Interrupted { get; init; }

    public bool Diverged => DivergedAtStep is not null;

    /// <summary>What early stopping watched: <c>--monitor</c>, or its training counterpart (train-loss, train-accuracy)
    /// when there is no validation set.</summary>
    public string Monitor => Data.Validation is null ? Config.Monitor.Replace("val-", "train-", StringComparison.Ordinal) : Config.Monitor;
}
