using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using TinyNets.Data;
using TinyNets.Initializers;
using TinyNets.Losses;
using TinyNets.Models;
using TinyNets.Optimizers;
using TinyNets.Randomness;
using TinyNets.Serialization;
using TinyNets.Training;

namespace TinyNets.Cli.Commands;

/// <summary>
/// <c>tinynets train --dataset xor</c>: the classic XOR net (2-4-1, ReLU then Sigmoid, MSE, SGD with momentum,
/// the four points as one batch), printing the loss every <c>--print-every</c> epochs.
/// </summary>
public sealed class TrainCommand(CliOutput output) : Command<TrainCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--dataset <NAME>")]
        [Description("Built-in dataset: xor.")]
        public string Dataset { get; init; } = "xor";

        [CommandOption("--epochs <N>")]
        [Description("Passes over the data (default 1000).")]
        public int Epochs { get; init; } = 1000;

        [CommandOption("--lr <X>")]
        [Description("Learning rate (default 0.02).")]
        public double LearningRate { get; init; } = 0.02;

        [CommandOption("--momentum <X>")]
        [Description("SGD momentum (default 0.9).")]
        public double Momentum { get; init; } = 0.9;

        [CommandOption("--seed <N>")]
        [Description("Run seed: fixes the initial weights (default 1).")]
        public ulong Seed { get; init; } = 1;

        [CommandOption("--print-every <N>")]
        [Description("Print the loss every N epochs (default 100).")]
        public int PrintEvery { get; init; } = 100;

        [CommandOption("--out <DIR>")]
        [Description("Save model.safetensors and model.json into DIR.")]
        public string? Out { get; init; }

        public override ValidationResult Validate()
        {
            if (Dataset != "xor") return ValidationResult.Error($"unknown dataset '{Dataset}'; expected xor");
            if (Epochs <= 0) return ValidationResult.Error($"--epochs must be > 0, got {Epochs}");
            if (!(LearningRate > 0)) return ValidationResult.Error($"--lr must be > 0, got {LearningRate}");
            if (!(Momentum >= 0)) return ValidationResult.Error($"--momentum must be >= 0, got {Momentum}");
            if (PrintEvery <= 0) return ValidationResult.Error($"--print-every must be > 0, got {PrintEvery}");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var seed = new RunSeed(settings.Seed);
        var data = Xor.FourPoints();
        var spec = new ModelSpec([2, 4, 1], activation: "relu", output: "sigmoid");
        var model = spec.Build();
        WeightInit.Apply(model, "default", seed.Init());
        var optimizer = new Sgd(model.Parameters, new SgdOptions { LearningRate = settings.LearningRate, Momentum = settings.Momentum });
        var trainer = new Trainer(model, new MeanSquaredError(), optimizer,
            new TrainerOptions { BatchSize = data.Rows, Epochs = settings.Epochs, Shuffle = false }, seed.Shuffle());
        trainer.AddObserver(new LossPrinter(output.Out, settings.PrintEvery));
        using var stop = cancellationToken.Register(trainer.RequestStop);

        var history = trainer.Fit(data);
        if (history.Diverged)
        {
            output.Error.WriteLine($"tinynets: training diverged at step {history.DivergedAtStep} (the loss became NaN or infinite); try a lower --lr");
            return CliApp.Diverged;
        }

        if (settings.Out is not null)
        {
            ModelFile.Save(settings.Out, spec, model);
            output.Out.WriteLine($"saved {Path.Combine(settings.Out, "model.safetensors")} and model.json");
        }
        output.Out.WriteLine($"{model}: final loss {Format(history.Epochs[^1].TrainLoss)} after {history.Epochs.Count} epochs");
        var predictions = model.Predict(data.Features, data.Rows);
        for (int r = 0; r < data.Rows; r++)
            output.Out.WriteLine($"  ({data.Features[2 * r]}, {data.Features[2 * r + 1]}) -> {predictions[r]:R}  (target {data.Targets[r]})");
        return 0;
    }

    private static string Format(double value) => value.ToString("0.000000", CultureInfo.InvariantCulture);

    private sealed class LossPrinter(TextWriter writer, int every) : ITrainingObserver
    {
        public void EpochEnd(Trainer trainer, EpochMetrics metrics)
        {
            if (metrics.Epoch % every == 0)
                writer.WriteLine($"epoch {metrics.Epoch,6}  loss {Format(metrics.TrainLoss)}");
        }
    }
}
