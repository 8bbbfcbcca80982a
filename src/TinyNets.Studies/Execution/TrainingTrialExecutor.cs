using TinyNets.Runs;
using TinyNets.Studies.Specs;
using TinyNets.Studies.Storage;

namespace TinyNets.Studies.Execution;

/// <summary>Runs a trial as <c>tinynets train</c> would: a full <see cref="TrainingRun"/> with early stopping and restarts;
/// with <paramref name="reports"/>, its folder also gets report.html.</summary>
public sealed class TrainingTrialExecutor(bool reports = false) : ITrialExecutor
{
    public TrialResult Run(TrialRecord trial, Objective objective, CancellationToken stop)
    {
        RunResult result;
        try
        {
            var run = new TrainingRun(RunConfigYaml.Parse(trial.ConfigYaml, $"trial {trial.Id} config"));
            using var registration = stop.Register(run.RequestStop);
            result = run.Execute();
        }
        catch (TinyNetsException e)
        {
            return TrialResult.Failed(e.Message);
        }
        if (result.Interrupted) return TrialResult.Interrupted;

        var outcome = new TrialOutcome(
            Objective: objective == Objective.ValidationAccuracy ? (result.Validation ?? result.Train).Accuracy : (result.Validation ?? result.Train).Loss,
            result.Train.Loss, result.Train.Accuracy, result.Validation?.Loss, result.Validation?.Accuracy, result.Test?.Loss, result.Test?.Accuracy,
            Epochs: result.Attempts.Sum(a => a.EpochsRun), Attempts: result.Attempts.Count, result.WinningAttempt, result.TrainSeconds, BookkeepingSeconds: 0);
        var epochs = result.Epochs.Select(e => new EpochRow(e.Attempt, e.Metrics.Epoch, e.Metrics.LearningRate, e.Metrics.TrainLoss, e.Metrics.TrainAccuracy,
            e.Metrics.ValidationLoss, e.Metrics.ValidationAccuracy, e.Metrics.TestLoss, e.Metrics.TestAccuracy)).ToArray();
        return new TrialResult(result.Diverged ? TrialState.Diverged : TrialState.Complete, outcome, epochs,
            folder =>
            {
                RunFolder.Write(folder, result, trial.ConfigYaml, durable: false, binarySteps: true);
                foreach (var recorder in result.StepRecords) recorder.Dispose();   // the next trial reuses the row storage
                if (reports)   // from the folder just written, as tinynets report draws it; inside the staging folder, so atomic too
                    Serialization.AtomicFile.WriteAllText(Path.Combine(folder, "report.html"),
                        Reporting.HtmlReport.Page(Reporting.ReportInput.FromFolder(folder, result.Data)).ToString(), durable: false);
            }, null);
    }
}
