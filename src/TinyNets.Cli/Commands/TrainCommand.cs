using System.Globalization;
using Spectre.Console.Cli;
using TinyNets.Studies;
using TinyNets.Runs;
using TinyNets.Training;

namespace TinyNets.Cli.Commands;

/// <summary>
/// <c>tinynets train</c>: one training run with early stopping and restarts on plateau, a progress display, and a run
/// folder (config.yaml, model.safetensors, model.json, metrics.csv, summary.json).
/// </summary>
public sealed class TrainCommand(CliOutput output) : Command<TrainSettings>
{
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        RunConfig config;
        try { config = settings.Resolve().Validate(); }
        // A value that came from the config file (no flag replaced it) is a mistake in that file: say where.
        catch (TinyNetsException e) when (settings.Config is not null && e.Option is string option
            && !context.Arguments.Any(a => a == $"--{option}" || a.StartsWith($"--{option}=", StringComparison.Ordinal)))
        {
            throw RunConfigYaml.At(e, settings.Config) ?? e;
        }
        string folder = settings.Out ?? Path.Combine("runs",
            $"{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{config.Dataset ?? Path.GetFileNameWithoutExtension(config.Data)}");
        bool existed = Directory.Exists(folder);
        if (File.Exists(folder)) throw new TinyNetsException($"{folder}: a file, not a folder; give --out the folder the run should go to");
        Directory.CreateDirectory(folder);   // an --out that cannot be created fails now, not after the training
        var run = new TrainingRun(config);
        var progress = settings.Quiet || settings.Json ? null
            : new TrainProgress(output.Out, config.Epochs, ReferenceEquals(output.Out, Console.Out) && !Console.IsOutputRedirected);
        if (progress is not null) run.AddObserver(progress);
        using var stop = cancellationToken.Register(run.RequestStop);
        using var interrupt = output.Interrupt.Register(run.RequestStop);

        // The report's first chart loads fonts and compiles the drawing code: do that on the core the training leaves
        // idle. A failure here shows again, with its message, when the report is rendered.
        _ = Task.Run(() => { try { Reporting.ChartKit.WarmUp(); } catch (Exception) { } });
        RunResult result;
        try
        {
            result = run.Execute();
        }
        catch (TinyNetsException) when (!existed)
        {
            if (!Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);   // a mistake in the data writes nothing
            throw;
        }
        finally
        {
            progress?.Finish();
        }
        RunFolder.Write(folder, result, RunConfigYaml.Write(config));
        foreach (var recorder in result.StepRecords) recorder.Dispose();
        ReportCommand.Write(folder, result.Data);

        if (settings.Json) output.Out.WriteLine(RunFolder.SummaryJson(result));
        else PrintSummary(result, folder);
        if (result.Diverged)
        {
            output.Error.WriteLine($"tinynets: training diverged at step {result.DivergedAtStep} (the loss became NaN or infinite); " +
                $"kept the weights of the last sane epoch in {folder}; try a lower --lr (now {F(config.LearningRate)}) or --clip-grad-norm");
            return CliApp.Diverged;
        }
        return result.Interrupted ? 130 : 0;
    }

    private void PrintSummary(RunResult r, string folder)
    {
        var w = output.Out;
        string attempts = r.Attempts.Count > 1 ? $"; attempt {r.WinningAttempt + 1} of {r.Attempts.Count} won" : "";
        string standardized = r.Standardizer?.TargetMean is null ? "" : " on the standardized target";
        w.WriteLine($"{r.Model}: {r.Setup.Loss} loss{standardized}, {r.Attempts.Sum(a => a.EpochsRun)} epochs, {r.Steps} steps{attempts}");
        if (r.Attempts.Count > 1)
            foreach (var a in r.Attempts)
                w.WriteLine($"  attempt {a.Attempt + 1}: best epoch {a.BestEpoch} of {a.EpochsRun}, {Monitor(r)} {F(a.BestValue)}{(a.StoppedEarly ? ", stopped on a plateau" : "")}");
        foreach (string note in DataNotes(r)) w.WriteLine($"  {note}");
        w.WriteLine($"  train loss {F(r.Train.Loss)}{Accuracy(r.Train)}");
        if (r.Validation is { } v) w.WriteLine($"  validation loss {F(v.Loss)}{Accuracy(v)}");
        if (r.Test is { } t) w.WriteLine($"  test loss {F(t.Loss)}{Accuracy(t)}");
        if ((r.TestRmse ?? r.ValidationRmse) is { } rmse)   // in the target's units, whatever the loss's
            w.WriteLine($"  {(r.TestRmse is null ? "validation" : "test")} rmse {Rmse(rmse, r.Data.Train.TargetNames)}");
        if (r.Data.Train.Rows <= 8 && r.Standardizer is null)   // tiny problems such as XOR: show every prediction
        {
            var predictions = r.Model.Predict(r.Data.Train.Features, r.Data.Train.Rows);
            int outWidth = r.Model.OutputWidth;
            for (int row = 0; row < r.Data.Train.Rows; row++)
                w.WriteLine($"  ({string.Join(", ", r.Data.Train.FeatureRow(row).ToArray().Select(x => x.ToString(CultureInfo.InvariantCulture)))}) -> " +
                    $"{string.Join(", ", predictions.AsSpan(row * outWidth, outWidth).ToArray().Select(p => p.ToString("R", CultureInfo.InvariantCulture)))}  " +
                    $"(target {string.Join(", ", r.Data.Train.TargetRow(row).ToArray().Select(x => x.ToString(CultureInfo.InvariantCulture)))})");
        }
        foreach (var f in r.Findings)
            w.WriteLine($"  {f.Severity.ToString().ToLowerInvariant()}: {f.Explanation} {f.Fix}");
        if (r.Interrupted) w.WriteLine("  interrupted: the folder holds what was trained so far");
        // What this run wrote: without recording there are no steps.csv, findings.json or snapshots.
        string[] written = ["report.html", "model.safetensors", "model.json", "metrics.csv", "steps.csv", "findings.json", "summary.json", "config.yaml"];
        w.WriteLine($"saved {folder}{Path.DirectorySeparatorChar} ({string.Join(", ", written.Where(f => File.Exists(Path.Combine(folder, f))))})");
    }

    /// <summary>What was read from a CSV file in a way the user may not have meant: a first row taken for column names,
    /// an unnamed first column left out, rows left out, a large target standardized, columns of words read as
    /// categories, a column counting the rows, a numeric label read as many classes.</summary>
    internal static IEnumerable<string> DataNotes(RunResult r)
    {
        string file = Path.GetFileName(r.Config.Data ?? "");
        if (r.Csv?.SuspectHeader is { } names)
            yield return $"note: the first line of {file} ({string.Join(",", names.Take(6))}{(names.Count > 6 ? ",..." : "")}) " +
                "was read as column names; if it is data, --no-header reads it as such";
        if (r.Csv?.RowLabels == true)
            yield return $"note: the first column of {file} has no name in its header: read as row labels (the index pandas' to_csv " +
                "and R's write.csv write) and left out";
        if (r.DroppedRows > 0)
            yield return $"left out {r.DroppedRows} row{(r.DroppedRows == 1 ? "" : "s")} of {file} with a missing, NaN or infinite value (--drop-invalid)";
        if (r.Standardizer is { TargetMean: { } mean, TargetStd: { } std })
            yield return $"note: the values of {string.Join(", ", r.Data.Train.TargetNames)} are large (about {string.Join(", ", mean.Select(m => m.ToString("G3", CultureInfo.InvariantCulture)))}, " +
                $"std {string.Join(", ", std.Select(s => s.ToString("G3", CultureInfo.InvariantCulture)))}) for a net's output, which starts near 0: trained on it standardized, " +
                "so losses are in units of its variance; --no-standardize trains on the raw values";
        if (r.Csv?.Categories is { Count: > 0 } categories)
            yield return $"note: {string.Join(", ", categories.Keys)} of {file} hold{(categories.Count == 1 ? "s" : "")} words: read as categories, one 0/1 input per value " +
                $"({string.Join(", ", categories.SelectMany(c => c.Value.Select(v => $"{c.Key}={v}")).Take(6))}{(categories.Sum(c => c.Value.Count) > 6 ? ", ..." : "")})";
        foreach (string column in r.Csv?.Counters ?? [])
            yield return $"note: the column {column} of {file} counts the rows (its values go up by 1 from each row to the next): " +
                "if it is an id or an index, not a feature, --features lists the columns to learn from";
        // --task auto reads up to 50 distinct whole numbers as classes: right for digits or grades, not for an age.
        var train = r.Data.Train;
        int rows = train.Rows + (r.Data.Validation?.Rows ?? 0) + (r.Data.Test?.Rows ?? 0);
        if (r.Config.Data is null || !train.IsClassification) yield break;
        if (r.Config.Task == "auto" && train.ClassCount > 10 && train.ClassNames.All(Data.Csv.CsvLoader.IsNumber))
            yield return $"note: the label {train.TargetNames[0]} holds {train.ClassCount} distinct whole numbers, read as {train.ClassCount} classes; " +
                "if it is a quantity, --task regression predicts it as one";
        // A name or an id in the label's place: a class per row or nearly, nothing to learn.
        else if (train.ClassCount > 10 && train.ClassCount > rows / 2)
            yield return $"note: the label {train.TargetNames[0]} has {train.ClassCount} classes among {rows} rows, most rows a class of their own; " +
                "if it is a name or an id, --label names the column to predict";
    }

    /// <summary>Each target's RMSE in its own units: <c>12.3 (price)</c>, joined by commas.</summary>
    internal static string Rmse(IReadOnlyList<double> rmse, IReadOnlyList<string> targets) =>
        string.Join(", ", rmse.Select((e, j) =>
            $"{(Math.Abs(e) >= 100 ? e.ToString("0", CultureInfo.InvariantCulture) : e.ToString("G4", CultureInfo.InvariantCulture))} ({targets[j]})"));

    private static string Monitor(RunResult r) => r.Monitor.Replace("val-", "validation ").Replace("train-", "train ");

    private static string Accuracy(Evaluation e) => e.Accuracy is double a ? $", accuracy {a.ToString("0.0000", CultureInfo.InvariantCulture)}" : "";

    /// <summary>Six decimals (0.004870), or six significant digits where those would be a row of digits or of zeros
    /// (a diverging 8.6585E+18, a fitted 2.5E-09).</summary>
    internal static string F(double value) => value.ToString(value != 0 && (Math.Abs(value) >= 1e6 || Math.Abs(value) < 1e-4) ? "G6" : "0.000000",
        CultureInfo.InvariantCulture);
}
