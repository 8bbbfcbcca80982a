using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TinyNets.Serialization;

namespace TinyNets.Runs;

/// <summary>
/// The folder of a run: <c>config.yaml</c> (written by the caller, who owns the YAML), <c>model.safetensors</c> and
/// <c>model.json</c> (architecture, label mapping, standardization), <c>metrics.csv</c> (one row per epoch and attempt),
/// <c>steps.csv</c> (one row per recorded step) and <c>summary.json</c>. Every file is written atomically, so an interrupted run leaves a consistent folder.
/// </summary>
public static class RunFolder
{
    /// <summary>The binary form of steps.csv: one F32 tensor per column, named as the column.</summary>
    public const string BinaryStepsFile = "steps.safetensors";

    /// <param name="durable">False to skip flushing each file to disk (see <see cref="AtomicFile"/>): for a folder written
    /// under a temporary name and renamed into place as a whole.</param>
    /// <param name="binarySteps">Write the steps as <see cref="BinaryStepsFile"/> instead of steps.csv: a study's trials do,
    /// because formatting every value as text cost more than training a small net (79 ms against 63 ms per trial).</param>
    public static void Write(string directory, RunResult result, string configYaml, bool durable = true, bool binarySteps = false)
    {
        Directory.CreateDirectory(directory);
        AtomicFile.WriteAllText(Path.Combine(directory, "config.yaml"), configYaml, durable);
        ModelFile.Save(directory, Describe(result), result.Model, durable);
        AtomicFile.WriteAllText(Path.Combine(directory, "metrics.csv"), MetricsCsv(result), durable);
        if (result.InitialWeights.Count > 0) SafeTensors.Save(Path.Combine(directory, "initial.safetensors"), result.InitialWeights, durable: durable);
        if (result.Snapshots.Count > 0)
            SafeTensors.Save(Path.Combine(directory, "snapshots.safetensors"),
                result.Snapshots.SelectMany(s => s.Weights.Select(t => t with { Name = $"epoch-{s.Epoch}/{t.Name}" })), durable: durable);
        if (result.StepRecords.Count > 0)
        {
            if (binarySteps) SafeTensors.Save(Path.Combine(directory, BinaryStepsFile), StepsTensors(result.StepRecords), durable: durable);
            else AtomicFile.WriteAllText(Path.Combine(directory, "steps.csv"), StepsCsv(result.StepRecords), durable);
            WriteFindings(directory, result.Findings, durable);
        }
        AtomicFile.WriteAllText(Path.Combine(directory, "summary.json"), SummaryJson(result) + "\n", durable);
        RemoveStale(directory, result, binarySteps);
    }

    /// <summary>findings.json: what the diagnoses found, one object per finding.</summary>
    public static void WriteFindings(string directory, IReadOnlyList<Diagnostics.Finding> findings, bool durable = true) =>
        AtomicFile.WriteAllText(Path.Combine(directory, "findings.json"), JsonSerializer.Serialize(findings.Select(f => new Dictionary<string, object?>
        {
            ["rule"] = f.Rule,
            ["severity"] = f.Severity.ToString().ToLowerInvariant(),
            ["first_step"] = f.FirstStep,
            ["last_step"] = f.LastStep,
            ["layer"] = f.Layer,
            ["explanation"] = f.Explanation,
            ["fix"] = f.Fix,
        }).ToArray(), RunJson.Default.DictionaryStringObjectArray) + "\n", durable);

    /// <summary>
    /// Deletes what an earlier run in the same folder wrote and this one did not (its steps when this run records none,
    /// its snapshots, its chart images), so that the folder holds one run: a report of it would otherwise draw the old
    /// run's steps beside this run's epochs. Called after this run's files are written.
    /// </summary>
    private static void RemoveStale(string directory, RunResult result, bool binarySteps)
    {
        var stale = new List<string>();
        if (result.InitialWeights.Count == 0) stale.Add("initial.safetensors");
        if (result.Snapshots.Count == 0) stale.Add("snapshots.safetensors");
        if (result.StepRecords.Count == 0) stale.AddRange(["steps.csv", BinaryStepsFile, "findings.json"]);
        else stale.Add(binarySteps ? "steps.csv" : BinaryStepsFile);
        foreach (var name in stale) File.Delete(Path.Combine(directory, name));   // no error when absent
        string charts = Path.Combine(directory, "charts");   // `report --images` writes them again on request
        if (Directory.Exists(charts)) Directory.Delete(charts, recursive: true);
    }

    /// <summary>The columns of <see cref="StepsCsv"/> as one tensor each, every attempt's rows in order.</summary>
    public static IReadOnlyList<NamedTensor> StepsTensors(IReadOnlyList<Training.StepRecorder> records)
    {
        int rows = records.Sum(r => r.Count);
        var columns = records[0].Columns.Select(_ => new float[rows]).ToArray();
        int at = 0;
        foreach (var record in records)
            for (int r = 0; r < record.Count; r++, at++)
            {
                var row = record.Row(r);   // rows are contiguous: read each once, scatter to the columns
                for (int c = 0; c < columns.Length; c++) columns[c][at] = row[c];
            }
        return records[0].Columns.Select((name, c) => new NamedTensor(name, [rows], columns[c])).ToArray();
    }

    /// <summary>One row per recorded step of every attempt, columns as <see cref="Training.StepRecorder.Columns"/>.</summary>
    public static string StepsCsv(IReadOnlyList<Training.StepRecorder> records)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', records[0].Columns).Append('\n');
        foreach (var record in records)
            for (int r = 0; r < record.Count; r++)
            {
                var row = record.Row(r);
                for (int c = 0; c < row.Length; c++)
                {
                    if (c > 0) text.Append(',');
                    // The interpolated appends format into the builder: no string per value (half of a study trial's bookkeeping was these).
                    if (c < 3) text.Append(CultureInfo.InvariantCulture, $"{(long)row[c]}");
                    else if (!float.IsNaN(row[c])) text.Append(CultureInfo.InvariantCulture, $"{row[c]:R}");
                }
                text.Append('\n');
            }
        return text.ToString();
    }

    public static ModelFile Describe(RunResult r) => ModelFile.From(r.Spec) with
    {
        Loss = r.Setup.Loss,
        Encoding = r.Setup.Encoding switch
        {
            TargetEncoding.ClassIndex => "class-index",
            TargetEncoding.OneHot => "one-hot",
            TargetEncoding.Binary => "binary",
            _ => "values",
        },
        Features = [.. r.Data.Train.FeatureNames],
        Targets = r.Data.Train.IsClassification ? [r.Data.Train.TargetNames[0].Split('=')[0]] : [.. r.Data.Train.TargetNames],
        Classes = r.Data.Train.IsClassification ? [.. r.Data.Train.ClassNames] : null,
        Categories = r.Csv?.Categories?.ToDictionary(c => c.Key, c => c.Value.ToArray()),
        Standardization = r.Standardizer is { } s ? new StandardizationFile(s.Mean, s.Std, s.TargetMean, s.TargetStd) : null,
    };

    public static string MetricsCsv(RunResult r)
    {
        var text = new StringBuilder("attempt,epoch,steps,lr,train_loss,train_accuracy,val_loss,val_accuracy,test_loss,test_accuracy\n");
        foreach (var (attempt, m) in r.Epochs)
            text.AppendLine(string.Join(",", attempt.ToString(CultureInfo.InvariantCulture), m.Epoch.ToString(CultureInfo.InvariantCulture),
                m.Steps.ToString(CultureInfo.InvariantCulture), N(m.LearningRate), N(m.TrainLoss), N(m.TrainAccuracy), N(m.ValidationLoss),
                N(m.ValidationAccuracy), N(m.TestLoss), N(m.TestAccuracy)));
        return text.ToString().Replace("\r\n", "\n");
    }

    public static string SummaryJson(RunResult r)
    {
        var winner = r.Attempts.Count > 0 ? r.Attempts[r.WinningAttempt] : null;
        var summary = new Dictionary<string, object?>
        {
            ["train_loss"] = r.Train.Loss,
            ["val_loss"] = r.Validation?.Loss,
            ["test_loss"] = r.Test?.Loss,
            ["train_accuracy"] = r.Train.Accuracy,
            ["val_accuracy"] = r.Validation?.Accuracy,
            ["test_accuracy"] = r.Test?.Accuracy,
            ["epochs_run"] = r.Attempts.Sum(a => a.EpochsRun),
            ["best_epoch"] = winner?.BestEpoch,
            ["attempts"] = r.Attempts.Select(a => new Dictionary<string, object?>
            {
                ["attempt"] = a.Attempt,
                ["epochs_run"] = a.EpochsRun,
                ["best_epoch"] = a.BestEpoch,
                ["val_loss"] = a.ValidationLoss,
                ["val_accuracy"] = a.ValidationAccuracy,
                ["train_loss"] = a.TrainLoss,
                ["train_accuracy"] = a.TrainAccuracy,
                ["stopped_early"] = a.StoppedEarly,
                ["steps"] = a.Steps,
            }).ToArray(),
            ["winning_attempt"] = r.WinningAttempt,
            ["monitor"] = r.Monitor,
            ["steps"] = r.Steps,
            ["train_seconds"] = Math.Round(r.TrainSeconds, 3),
            ["seed"] = r.Config.Seed,
            ["rows"] = new Dictionary<string, int?> { ["train"] = r.Data.Train.Rows, ["validation"] = r.Data.Validation?.Rows, ["test"] = r.Data.Test?.Rows, ["dropped"] = r.DroppedRows },
            ["model"] = ModelFile.From(r.Spec).Torch,
            ["loss"] = r.Setup.Loss,
            ["diverged_at_step"] = r.DivergedAtStep,
            ["interrupted"] = r.Interrupted,
        };
        if (!r.Data.Train.IsClassification)
        {
            // A regression's error in its target's units, after its accuracies' place: its losses may be on the standardized target.
            var ordered = summary.ToList();
            int at = ordered.FindIndex(kv => kv.Key == "test_accuracy") + 1;
            ordered.InsertRange(at, [new("val_rmse", Overall(r.ValidationRmse)), new("test_rmse", Overall(r.TestRmse))]);
            summary = new Dictionary<string, object?>(ordered);
        }
        return JsonSerializer.Serialize(summary, RunJson.Default.DictionaryStringObject);
    }

    /// <summary>The RMSE over every output of every row, from each target's; null when there is none.</summary>
    private static double? Overall(IReadOnlyList<double>? perTarget) => perTarget is null ? null : Math.Sqrt(perTarget.Average(e => e * e));

    private static string N(double? value) => value is double v ? v.ToString("R", CultureInfo.InvariantCulture) : "";
}
