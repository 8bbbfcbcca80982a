using TinyNets.Data;
using TinyNets.Initializers;
using TinyNets.Losses;
using TinyNets.Models;
using TinyNets.Optimizers;
using TinyNets.Randomness;
using TinyNets.Schedules;
using TinyNets.Training;
using Xunit;

namespace TinyNets.Tests.Engine;

public sealed class TrainerTests
{
    /// <summary>Five Gaussian blobs in 2-D, one-hot targets: the classic 2-4-12-4-5 problem in miniature.</summary>
    private static Dataset Blobs(int rows, ulong seed, bool oneHot = true)
    {
        var r = new RandomStream(seed);
        var x = new float[rows * 2];
        var t = new float[rows * (oneHot ? 5 : 1)];
        for (int i = 0; i < rows; i++)
        {
            int c = i % 5;
            x[2 * i] = (float)r.Normal(Math.Cos(c * 1.2566) * 3, 0.5);
            x[2 * i + 1] = (float)r.Normal(Math.Sin(c * 1.2566) * 3, 0.5);
            if (oneHot) t[i * 5 + c] = 1; else t[i] = c;
        }
        return new Dataset(x, t, 2, oneHot ? 5 : 1, classCount: 5);
    }

    private static Trainer Make(ulong seed, Func<IReadOnlyList<Parameter>, Optimizer> optimizer, TrainerOptions? options = null,
        string output = "softmax", Loss? loss = null, double dropout = 0, int[]? sizes = null)
    {
        var runSeed = new RunSeed(seed);
        var model = new ModelSpec(sizes ?? [2, 4, 12, 4, 5], "relu", output, dropout).Build();
        WeightInit.Apply(model, "default", runSeed.Init());
        foreach (var d in model.Layers.OfType<Activations.Dropout>()) d.UseStream(runSeed.Dropout());
        return new Trainer(model, loss ?? new MeanSquaredError(), optimizer(model.Parameters),
            options ?? new TrainerOptions { BatchSize = 16, Epochs = 30 }, runSeed.Shuffle());
    }

    public static IEnumerable<object[]> Optimizers =>
    [
        ["sgd", (Func<IReadOnlyList<Parameter>, Optimizer>)(ps => new Sgd(ps, new SgdOptions { LearningRate = 0.1, Momentum = 0.9, Nesterov = true, WeightDecay = 1e-4 }))],
        ["adam", (Func<IReadOnlyList<Parameter>, Optimizer>)(ps => new Adam(ps, new AdamOptions { LearningRate = 0.02, AmsGrad = true }))],
        ["adamw", (Func<IReadOnlyList<Parameter>, Optimizer>)(ps => new AdamW(ps))],
        ["rmsprop", (Func<IReadOnlyList<Parameter>, Optimizer>)(ps => new RmsProp(ps, new RmsPropOptions { Centered = true, Momentum = 0.5 }))],
        ["adagrad", (Func<IReadOnlyList<Parameter>, Optimizer>)(ps => new Adagrad(ps, new AdagradOptions()))],
    ];

    private sealed class CountingObserver : ITrainingObserver
    {
        public long Backwards, Steps;
        public double GradSquares;
        public void AfterBackward(Trainer trainer, in StepInfo step)
        {
            Backwards++;
            foreach (var p in trainer.Model.Parameters)
                foreach (float g in p.Grad) GradSquares += (double)g * g;   // a plain loop: the allocation test runs this observer
        }
        public void AfterStep(Trainer trainer, in StepInfo step) => Steps++;
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_training_step_allocates_nothing(string name, Func<IReadOnlyList<Parameter>, Optimizer> optimizer)
    {
        var data = Blobs(64, 1);
        var trainer = Make(1, optimizer, new TrainerOptions { BatchSize = 16, ClipGradNorm = 1.0 }, dropout: 0.1);
        trainer.AddObserver(new CountingObserver());
        var x = data.Features.AsSpan(0, 16 * 2).ToArray();
        var t = data.Targets.AsSpan(0, 16 * 5).ToArray();
        long allocated = Allocation.SteadyStateBytes(() => trainer.Step(x, t, 16));
        Assert.True(allocated == 0, $"{name}: 1000 steps allocated {allocated} bytes");
    }

    [Fact]
    public void Whole_epochs_with_shuffling_and_a_partial_batch_allocate_nothing()
    {
        var data = Blobs(70, 2);   // 16, 16, 16, 16, 6
        var trainer = Make(2, ps => new Adam(ps, new AdamOptions()));
        Assert.Equal(0, Allocation.SteadyStateBytes(() =>
        {
            trainer.TrainEpoch(data);   // 5 steps
            trainer.Evaluate(data);
        }, calls: 200));
    }

    [Fact]
    public void Same_seed_gives_bit_identical_weights_and_another_seed_does_not()
    {
        float[][] Train(ulong seed)
        {
            var trainer = Make(seed, ps => new Adam(ps, new AdamOptions { LearningRate = 0.02 }), dropout: 0.2);
            trainer.Fit(Blobs(100, 3));
            return trainer.Model.Parameters.Select(p => p.Value.ToArray()).ToArray();
        }
        var a = Train(5);
        var b = Train(5);
        var c = Train(6);
        for (int i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i]);
        Assert.NotEqual(a[0], c[0]);
    }

    [Fact]
    public void The_last_partial_batch_is_kept_and_observers_see_every_step()
    {
        var trainer = Make(3, ps => new Sgd(ps, new SgdOptions { LearningRate = 0.1 }), new TrainerOptions { BatchSize = 16, Epochs = 4 });
        var observer = new CountingObserver();
        trainer.AddObserver(observer);
        var history = trainer.Fit(Blobs(70, 4));
        Assert.Equal(4 * 5, history.Steps);
        Assert.Equal(20, observer.Backwards);
        Assert.Equal(20, observer.Steps);
        Assert.True(observer.GradSquares > 0);
        Assert.Equal(4, history.Epochs.Count);
        Assert.Equal(20, history.Epochs[^1].Steps);
    }

    // Hooks implemented three ways: explicitly, inherited from a base class, and by an interface derived from the observer's.
    private sealed class Counts
    {
        public int Started, Backwards, Steps, Epochs;
    }

    private class Explicit : ITrainingObserver
    {
        public Counts Counts { get; } = new();
        void ITrainingObserver.TrainingStarted(Trainer trainer, long expectedSteps) => Counts.Started++;
        void ITrainingObserver.AfterBackward(Trainer trainer, in StepInfo step) => Counts.Backwards++;
        void ITrainingObserver.AfterStep(Trainer trainer, in StepInfo step) => Counts.Steps++;
        void ITrainingObserver.EpochEnd(Trainer trainer, EpochMetrics metrics) => Counts.Epochs++;
    }

    private sealed class Inherited : Explicit;

    private interface ICounting : ITrainingObserver
    {
        Counts Counts { get; }
        void ITrainingObserver.TrainingStarted(Trainer trainer, long expectedSteps) => Counts.Started++;
        void ITrainingObserver.AfterBackward(Trainer trainer, in StepInfo step) => Counts.Backwards++;
        void ITrainingObserver.AfterStep(Trainer trainer, in StepInfo step) => Counts.Steps++;
        void ITrainingObserver.EpochEnd(Trainer trainer, EpochMetrics metrics) => Counts.Epochs++;
    }

    private sealed class ThroughInterface : ICounting
    {
        public Counts Counts { get; } = new();
    }

    private sealed class OnlyEpochs : ITrainingObserver
    {
        public int Epochs;
        public void EpochEnd(Trainer trainer, EpochMetrics metrics) => Epochs++;
    }

    [Fact]
    public void Observers_get_every_hook_they_implement_however_they_implement_it()
    {
        var trainer = Make(3, ps => new Sgd(ps, new SgdOptions { LearningRate = 0.1 }), new TrainerOptions { BatchSize = 16, Epochs = 2 });
        var observers = new ITrainingObserver[] { new Explicit(), new Inherited(), new ThroughInterface() };
        var onlyEpochs = new OnlyEpochs();
        foreach (var observer in observers) trainer.AddObserver(observer);
        trainer.AddObserver(onlyEpochs);   // its step hooks are the interface's empty defaults, which are skipped
        trainer.Fit(Blobs(70, 4));   // 5 steps an epoch
        foreach (var observer in observers)
        {
            var c = observer switch { Explicit e => e.Counts, ThroughInterface t => t.Counts, _ => throw new InvalidOperationException() };
            Assert.Equal((1, 10, 10, 2), (c.Started, c.Backwards, c.Steps, c.Epochs));
        }
        Assert.Equal(2, onlyEpochs.Epochs);
        Assert.Equal([.. observers, onlyEpochs], trainer.Observers);
    }

    private sealed class RowsSeen(StepRecorder recorder) : ITrainingObserver
    {
        public List<int> Rows { get; } = [];
        public void AfterStep(Trainer trainer, in StepInfo step) => Rows.Add(recorder.Count);
    }

    [Fact]
    public void The_recorder_is_called_before_the_other_observers()
    {
        var trainer = Make(3, ps => new Sgd(ps, new SgdOptions { LearningRate = 0.1 }), new TrainerOptions { BatchSize = 16, Epochs = 1 });
        var recorder = new StepRecorder(trainer.Model);
        var seen = new RowsSeen(recorder);
        trainer.AddObserver(seen);   // added first, called second: the step's row is already there
        trainer.AddObserver(recorder);
        trainer.Fit(Blobs(70, 4));
        Assert.Equal([1, 2, 3, 4, 5], seen.Rows);
    }

    [Fact]
    public void Training_learns_the_blobs_and_reports_validation_and_test_metrics()
    {
        var trainer = Make(4, ps => new Adam(ps, new AdamOptions { LearningRate = 0.02 }), new TrainerOptions { BatchSize = 16, Epochs = 60 },
            sizes: [2, 16, 5]);   // wide enough never to lose a class to dead units, which restarts (not this loop) address
        var history = trainer.Fit(Blobs(200, 5), Blobs(50, 6), Blobs(50, 7));
        var last = history.Epochs[^1];
        Assert.True(last.TrainLoss < history.Epochs[0].TrainLoss / 2, $"train loss {history.Epochs[0].TrainLoss} -> {last.TrainLoss}");
        Assert.True(last.ValidationAccuracy > 0.9, $"validation accuracy {last.ValidationAccuracy}");
        Assert.NotNull(last.TestLoss);
        Assert.NotNull(last.TestAccuracy);
    }

    [Fact]
    public void Cross_entropy_takes_class_indices()
    {
        var trainer = Make(5, ps => new Adam(ps, new AdamOptions { LearningRate = 0.02 }), new TrainerOptions { BatchSize = 16, Epochs = 60 },
            output: "none", loss: new CrossEntropy(), sizes: [2, 16, 5]);
        var history = trainer.Fit(Blobs(200, 5, oneHot: false), Blobs(50, 6, oneHot: false));
        Assert.True(history.Epochs[^1].ValidationAccuracy > 0.9);
    }

    [Fact]
    public void Shape_mismatches_are_clear_errors()
    {
        var trainer = Make(6, ps => new Adam(ps, new AdamOptions()));
        var wide = new Dataset(new float[30], new float[50], 3, 5);
        Assert.Contains("3 feature columns", Assert.Throws<TinyNetsException>(() => trainer.Fit(wide)).Message);
        var indices = new Dataset(new float[20], new float[10], 2, 1);
        Assert.Contains("needs 5 target value(s) per row", Assert.Throws<TinyNetsException>(() => trainer.Fit(indices)).Message);
    }

    [Fact]
    public void A_non_finite_loss_stops_before_the_optimizer_step()
    {
        var trainer = Make(7, ps => new Sgd(ps, new SgdOptions { LearningRate = 1e30 }), output: "none");
        var history = trainer.Fit(Blobs(64, 8));
        Assert.True(history.Diverged);
        Assert.Equal(history.DivergedAtStep, history.Steps);
        Assert.True(history.Steps < 30 * 4);
    }

    private sealed class StopAt(int epoch) : ITrainingObserver
    {
        public void EpochEnd(Trainer trainer, EpochMetrics metrics)
        {
            if (metrics.Epoch == epoch) trainer.RequestStop();
        }
    }

    [Fact]
    public void An_observer_can_stop_training()
    {
        var trainer = Make(8, ps => new Adam(ps, new AdamOptions()));
        trainer.AddObserver(new StopAt(3));
        var history = trainer.Fit(Blobs(64, 9));
        Assert.True(history.Stopped);
        Assert.Equal(3, history.Epochs.Count);
    }

    [Fact]
    public void The_schedule_steps_once_per_epoch()
    {
        var runSeed = new RunSeed(9);
        var model = new ModelSpec([2, 4, 5], "relu", "softmax").Build();
        WeightInit.Apply(model, "default", runSeed.Init());
        var sgd = new Sgd(model.Parameters, new SgdOptions { LearningRate = 0.1 });
        var trainer = new Trainer(model, new MeanSquaredError(), sgd, new TrainerOptions { BatchSize = 16, Epochs = 3 },
            runSeed.Shuffle(), new ExponentialLr(sgd, 0.5));
        var history = trainer.Fit(Blobs(64, 10));
        Assert.Equal([0.1, 0.05, 0.025], history.Epochs.Select(e => e.LearningRate));   // the rate each epoch trained with
        Assert.Equal(0.0125, sgd.LearningRate, 12);
    }

    [Fact]
    public void Model_spec_rejects_bad_architectures_with_the_reason()
    {
        Assert.Contains("at least an input and an output", Assert.Throws<TinyNetsException>(() => new ModelSpec([3])).Message);
        Assert.Contains("swish", Assert.Throws<TinyNetsException>(() => new ModelSpec([2, 3], "swish")).Message);
        Assert.Contains("2,4,12,4,5", Assert.Throws<TinyNetsException>(() => ModelSpec.ParseSizes("2,x,1")).Message);
        Assert.Equal([2, 4, 12, 4, 5], ModelSpec.ParseSizes("2, 4,12,4 ,5"));
    }
}
