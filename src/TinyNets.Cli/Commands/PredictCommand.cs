using System.ComponentModel;
using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Cli;
using TinyNets.Data;
using TinyNets.Data.Csv;
using TinyNets.Models;
using TinyNets.Serialization;
using TinyNets.Training;

namespace TinyNets.Cli.Commands;

/// <summary>Settings shared by <c>predict</c> and <c>evaluate</c>.</summary>
public class ModelDataSettings : CommandSettings
{
    [CommandOption("--model <DIR>")] [Description("A run folder (model.json and model.safetensors).")] public string? Model { get; init; }
    [CommandOption("--data <FILE>")] [Description("A CSV or TSV file with the model's feature columns.")] public string? Data { get; init; }
    [CommandOption("--no-header")] [Description("The file has no header: its columns are the model's features in order (then the target, for evaluate), or c0, c1, ... as in a model trained with --no-header.")] public bool NoHeader { get; init; }

    public override ValidationResult Validate() =>
        Model is null ? ValidationResult.Error("--model DIR is required")
        : Data is null ? ValidationResult.Error("--data FILE.csv is required")
        : ValidationResult.Success();
}

/// <summary>A saved model with what it needs to read new data: standardization and class labels.</summary>
internal sealed partial record SavedModel(ModelFile File, Sequential Network)
{
    [System.Text.RegularExpressions.GeneratedRegex("^c[0-9]+$")]
    private static partial System.Text.RegularExpressions.Regex ColumnNumbered();

    public static SavedModel Load(string directory)
    {
        var (file, network) = ModelFile.LoadFile(directory);
        if (file.Features is null) throw new TinyNetsException($"{directory}/model.json has no feature names; save it with tinynets train");
        return new SavedModel(file, network);
    }

    /// <summary>Reads the model's feature columns (and, when <paramref name="withTargets"/>, its target column), standardized
    /// as in training. A file without a header has columns c0, c1, ...: a model trained on such a file finds its columns by
    /// those names; another model takes the first columns as its features, in order, and the next as its target(s).</summary>
    public Dataset Read(string path, bool withTargets, bool header = true)
    {
        // The file's columns: a category column (sex) stands for the model's 0/1 inputs sex=female, sex=male.
        var categories = File.Categories ?? [];
        var features = File.Features!.Select(f => categories.Keys.FirstOrDefault(c => f.StartsWith(c + "=", StringComparison.Ordinal)) ?? f)
            .Distinct().ToArray();
        var targets = File.Targets ?? [];
        if (!header && !features.Concat(withTargets ? targets : []).All(ColumnNumbered().IsMatch))
        {
            int width = features.Length;
            // Without a header the loader names the columns c0, c1, ...: the categories go by those names.
            var position = features.Select((f, i) => (f, i)).ToDictionary(p => p.f, p => $"c{p.i}");
            categories = categories.ToDictionary(c => position[c.Key], c => c.Value);
            features = Enumerable.Range(0, width).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
            targets = targets.Select((_, i) => (width + i).ToString(CultureInfo.InvariantCulture)).ToArray();
        }
        var known = categories.Count == 0 ? null : categories.ToDictionary(c => c.Key, c => (IReadOnlyList<string>)c.Value);
        var options = new CsvOptions
        {
            HasHeader = header,
            Features = features,
            Targets = withTargets ? targets : [],
            Task = File.Classes is null ? "regression" : "classification",
            Classes = File.Classes,   // the model's, whichever of them the file holds
            Categories = known,
            ForTraining = false,   // evaluate has no --drop-invalid or --task
        };
        var data = withTargets ? CsvLoader.Load(path, options).Data : CsvLoader.LoadFeatures(path, features, header, known);
        return File.Standardization is { } s ? s.ToStandardizer().Apply(data) : data;
    }
}

/// <summary><c>tinynets predict --model DIR --data FILE.csv [--out predictions.csv]</c>.</summary>
public sealed class PredictCommand(CliOutput output) : Command<PredictCommand.Settings>
{
    public sealed class Settings : ModelDataSettings
    {
        [CommandOption("--out <FILE>")] [Description("Where to write the predictions (default: standard output).")] public string? Out { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var model = SavedModel.Load(settings.Model!);
        var data = model.Read(settings.Data!, withTargets: false, header: !settings.NoHeader);
        var outputs = model.Network.Predict(data.Features, data.Rows);
        if (model.File.Classes is null) model.File.Standardization?.ToStandardizer().RestoreTargets(outputs);   // in the target's units
        string csv = Format(model.File, outputs, data.Rows, model.Network.OutputWidth);
        if (settings.Out is null) output.Out.Write(csv);
        else
        {
            AtomicFile.WriteAllText(settings.Out, csv);
            output.Out.WriteLine($"wrote {settings.Out}: {data.Rows} predictions");
        }
        return 0;
    }

    /// <summary>
    /// One row per example: the predicted label (the data's own class names) and each class's probability; for
    /// regression, the predicted value(s).
    /// </summary>
    internal static string Format(ModelFile file, float[] outputs, int rows, int width)
    {
        var text = new StringBuilder();
        var classes = file.Classes;
        if (classes is null)
        {
            text.AppendJoin(',', (file.Targets ?? ["prediction"]).Select(t => $"predicted_{t}")).Append('\n');
            for (int r = 0; r < rows; r++)
                text.AppendJoin(',', outputs.AsSpan(r * width, width).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
            return text.ToString();
        }
        text.Append("prediction,").AppendJoin(',', classes.Select(c => $"p_{c}")).Append('\n');
        var p = new double[classes.Length];
        for (int r = 0; r < rows; r++)
        {
            Probabilities(file, outputs.AsSpan(r * width, width), p);
            int best = 0;
            for (int c = 1; c < p.Length; c++) if (p[c] > p[best]) best = c;
            text.Append(classes[best]);
            foreach (double v in p) text.Append(',').Append(v.ToString("0.######", CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        return text.ToString();
    }

    private static void Probabilities(ModelFile file, ReadOnlySpan<float> y, double[] p)
    {
        if (y.Length == 1)
        {
            double one = file.Output == "sigmoid" ? y[0] : 1 / (1 + Math.Exp(-y[0]));   // a logit when there is no sigmoid
            p[0] = 1 - one;
            p[1] = one;
            return;
        }
        if (file.Output == "softmax")
        {
            for (int c = 0; c < p.Length; c++) p[c] = y[c];
            return;
        }
        double max = double.NegativeInfinity, sum = 0;   // logits (cross-entropy) or raw scores: softmax them
        foreach (float v in y) max = Math.Max(max, v);
        for (int c = 0; c < p.Length; c++) sum += p[c] = Math.Exp(y[c] - max);
        for (int c = 0; c < p.Length; c++) p[c] /= sum;
    }
}

/// <summary><c>tinynets evaluate --model DIR --data FILE.csv</c>: loss and accuracy of a saved model on labelled data.</summary>
public sealed class EvaluateCommand(CliOutput output) : Command<ModelDataSettings>
{
    public override int Execute(CommandContext context, ModelDataSettings settings, CancellationToken cancellationToken)
    {
        var model = SavedModel.Load(settings.Model!);
        var data = model.Read(settings.Data!, withTargets: true, header: !settings.NoHeader);
        var setupLoss = Losses.LossNames.Create(model.File.Loss ?? "mse");
        if (model.File.Encoding == "one-hot") data = Targets.OneHot(data);
        var result = new Evaluator(model.Network, setupLoss, 256).Evaluate(data);
        var standardizer = model.File.Standardization?.ToStandardizer();
        bool standardized = standardizer?.TargetMean is not null && !data.IsClassification;
        output.Out.WriteLine($"{settings.Data}: {data.Rows} rows, {setupLoss.Name} loss{(standardized ? " on the standardized target" : "")} {TrainCommand.F(result.Loss)}" +
            (result.Accuracy is double a ? $", accuracy {a.ToString("0.0000", CultureInfo.InvariantCulture)}" : "") +
            (data.IsClassification ? "" : $", rmse {TrainCommand.Rmse(RegressionError.Rmse(model.Network, data, standardizer), data.TargetNames)}"));
        return 0;
    }
}
