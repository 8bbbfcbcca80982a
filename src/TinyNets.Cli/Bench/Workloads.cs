using System.Diagnostics;
using TinyNets.Data;
using TinyNets.Data.Generators;
using TinyNets.Initializers;
using TinyNets.Losses;
using TinyNets.Models;
using TinyNets.Optimizers;
using TinyNets.Randomness;
using TinyNets.Training;

namespace TinyNets.Cli.Bench;

/// <summary>One benchmark: a model, its data and how it trains. Must match bench/pytorch_peer.py exactly.</summary>
/// <param name="Setup">Builds a fresh, seeded training setup: a trainer and its training data.</param>
public sealed record Workload(string Name, string Description, int[] Sizes, Func<ulong, (Trainer Trainer, Dataset Data)> Setup)
{
    /// <summary>A fresh setup.</summary>
    public (Trainer Trainer, Dataset Data) Make(ulong seed) => Setup(seed);

    /// <summary>Trains a fresh setup with the observer <paramref name="observe"/> makes (none if null) and returns the
    /// seconds of training alone, its steps and last training loss. A disposable observer is disposed after, as a study
    /// disposes its recorder after each trial.</summary>
    public (double Seconds, long Steps, double Loss) Time(ulong seed, Func<Trainer, ITrainingObserver>? observe = null)
    {
        var (trainer, data) = Setup(seed);
        var observer = observe?.Invoke(trainer);
        if (observer is not null) trainer.AddObserver(observer);
        var clock = Stopwatch.StartNew();
        var history = trainer.Fit(data);
        double seconds = clock.Elapsed.TotalSeconds;
        (observer as IDisposable)?.Dispose();
        return (seconds, history.Steps, history.Epochs.Count > 0 ? history.Epochs[^1].TrainLoss : double.NaN);
    }

    /// <summary>Pairs of runs to time after a warm-up: at least <paramref name="repeats"/>, and for a short workload
    /// enough for 0.3 s of training (up to 1,000), so xor's figures (0.5 ms runs) rest on hundreds of pairs, not a
    /// handful. What still moves them between invocations, about ±2 points of xor's recorder overhead, is the code each
    /// process compiled (docs/BENCHMARKS.md).</summary>
    public static int Pairs(int repeats, double pairSeconds) => Math.Max(repeats, (int)Math.Min(1000, Math.Ceiling(0.3 / pairSeconds)));

    /// <summary>Multiply-adds ×2 of one step per example: forward (2·weights) and backward (4·weights, less the first layer's input gradient).</summary>
    public double FlopsPerExample
    {
        get
        {
            double weights = 0, firstLayer = Sizes[0] * Sizes[1];
            for (int i = 0; i + 1 < Sizes.Length; i++) weights += Sizes[i] * Sizes[i + 1];
            return 6 * weights - 2 * firstLayer;
        }
    }
}

/// <summary>The workloads of <c>tinynets bench</c>.</summary>
public static class Workloads
{
    public static readonly Workload[] All =
    [
        new("xor", "2-4-1 ReLU/Sigmoid, MSE, SGD lr 0.02 momentum 0.9, 4 points as one batch, 1000 steps", [2, 4, 1],
            seed => Setup(seed, Xor.FourPoints(), [2, 4, 1], "sigmoid", new MeanSquaredError(),
                ps => new Sgd(ps, new SgdOptions { LearningRate = 0.02, Momentum = 0.9 }), batch: 4, epochs: 1000)),
        new("gauss5", "2-4-12-4-5 ReLU/Softmax, MSE on one-hot, Adam lr 0.02, batch 64, 700 rows, 500 epochs", [2, 4, 12, 4, 5],
            seed => Setup(seed, Targets.OneHot(Gaussians.Generate(700, 5, new RunSeed(seed).Data())), [2, 4, 12, 4, 5], "softmax",
                new MeanSquaredError(), ps => new Adam(ps, new AdamOptions { LearningRate = 0.02 }), batch: 64, epochs: 500)),
        new("spiral5", "2-4-12-4-5 ReLU/Softmax, MSE on one-hot, Adam lr 0.02, batch 64, 3500-row 5-arm spiral, 300 epochs", [2, 4, 12, 4, 5],
            seed => Setup(seed, Targets.OneHot(Spiral.Generate(3500, 5, new RunSeed(seed).Data())), [2, 4, 12, 4, 5], "softmax",
                new MeanSquaredError(), ps => new Adam(ps, new AdamOptions { LearningRate = 0.02 }), batch: 64, epochs: 300)),
        new("wide", "2-64-64-5 ReLU/Softmax, MSE on one-hot, Adam lr 0.005, batch 64, 3500-row spiral, 100 epochs", [2, 64, 64, 5],
            seed => Setup(seed, Targets.OneHot(Spiral.Generate(3500, 5, new RunSeed(seed).Data())), [2, 64, 64, 5], "softmax",
                new MeanSquaredError(), ps => new Adam(ps, new AdamOptions { LearningRate = 0.005 }), batch: 64, epochs: 100)),
        new("mnist-shaped", "784-128-64-10 ReLU, cross-entropy on logits, Adam lr 1e-3, batch 64, 10000 random rows, 3 epochs", [784, 128, 64, 10],
            seed => Setup(seed, RandomRows(10_000, 784, 10, new RunSeed(seed).Data()), [784, 128, 64, 10], "none",
                new CrossEntropy(), ps => new Adam(ps, new AdamOptions { LearningRate = 1e-3 }), batch: 64, epochs: 3)),
    ];

    public static Workload Find(string name) => All.FirstOrDefault(w => w.Name == name)
        ?? throw new TinyNetsException($"unknown workload '{name}'; expected one of {string.Join(", ", All.Select(w => w.Name))}");

    private static (Trainer, Dataset) Setup(ulong seed, Dataset data, int[] sizes, string output, Loss loss,
        Func<IReadOnlyList<Parameter>, Optimizer> optimizer, int batch, int epochs)
    {
        var runSeed = new RunSeed(seed);
        var model = new ModelSpec(sizes, "relu", output).Build();
        WeightInit.Apply(model, "default", runSeed.Init());
        var trainer = new Trainer(model, loss, optimizer(model.Parameters),
            new TrainerOptions { BatchSize = batch, Epochs = epochs }, runSeed.Shuffle());
        return (trainer, data);
    }

    private static Dataset RandomRows(int rows, int width, int classes, RandomStream random)
    {
        var x = new float[rows * width];
        for (int i = 0; i < x.Length; i++) x[i] = (float)random.NextDouble();
        var y = new float[rows];
        for (int i = 0; i < rows; i++) y[i] = random.NextInt(classes);
        return new Dataset(x, y, width, 1, classes);
    }
}
