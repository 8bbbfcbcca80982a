using TinyNets.Activations;
using TinyNets.Data;
using TinyNets.Initializers;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Models;
using TinyNets.Optimizers;
using TinyNets.Randomness;
using TinyNets.Training;
using Xunit;

namespace TinyNets.Tests.Engine;

public sealed class StepRecorderTests
{
    private static Dataset Data(int rows)
    {
        var r = new RandomStream(1);
        var x = Enumerable.Range(0, rows * 3).Select(_ => (float)r.Normal()).ToArray();
        var y = Enumerable.Range(0, rows).Select(i => (float)(i % 4)).ToArray();
        return new Dataset(x, y, 3, 1, 4);
    }

    private static Trainer Trainer(Sequential model, int epochs = 5) =>
        new(model, new CrossEntropy(), new Adam(model.Parameters, new AdamOptions { LearningRate = 0.05 }),
            new TrainerOptions { BatchSize = 8, Epochs = epochs }, new RandomStream(2));

    private static Sequential Model(string activation = "relu")
    {
        var model = new ModelSpec([3, 6, 5, 4], activation, "none").Build();
        WeightInit.Apply(model, "default", new RandomStream(3));
        return model;
    }

    /// <summary>Norms computed here, in double, from the same gradients and weights.</summary>
    private sealed class Independent(Sequential model) : ITrainingObserver
    {
        public readonly List<double[]> GradNorms = [], Norms = [], Ratios = [];
        private double[][] _before = [];

        private static double Norm(float[] v) => Math.Sqrt(v.Sum(x => (double)x * x));

        public void AfterBackward(Trainer trainer, in StepInfo step)
        {
            GradNorms.Add(model.Parameters.Select(p => Norm(p.Grad)).ToArray());
            _before = model.Parameters.Select(p => p.Value.Select(v => (double)v).ToArray()).ToArray();
        }

        public void AfterStep(Trainer trainer, in StepInfo step)
        {
            Norms.Add(model.Parameters.Select(p => Norm(p.Value)).ToArray());
            Ratios.Add(model.Parameters.Select((p, i) =>
                Math.Sqrt(p.Value.Select((v, j) => (v - _before[i][j]) * (v - _before[i][j])).Sum()) / Math.Sqrt(_before[i].Sum(b => b * b))).ToArray());
        }
    }

    public static IEnumerable<object[]> Optimizers =>
    [
        ["adam"], ["adamw"], ["sgd"], ["rmsprop"], ["adagrad"], ["copied"], ["sgd-weight-decay"], ["adam-weight-decay"], ["clipped"],
    ];

    /// <summary>
    /// The optimizers sum the weight statistics inside their own update pass; "copied" is the recorder's fallback, which
    /// copies the weights itself when the optimizer's statistics are someone else's. With weight decay the recorded
    /// gradient is still the loss's (not g + λθ); with clipping it is the gradient before clipping.
    /// </summary>
    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Recorded_norms_and_update_ratios_equal_independently_computed_ones(string optimizer)
    {
        var model = Model();
        Optimizer Make(IReadOnlyList<Parameter> ps) => optimizer switch
        {
            "adamw" => new AdamW(ps),
            "sgd" => new Sgd(ps, new SgdOptions { LearningRate = 0.1, Momentum = 0.9 }),
            "rmsprop" => new RmsProp(ps, new RmsPropOptions { Centered = true, Momentum = 0.5 }),
            "adagrad" => new Adagrad(ps, new AdagradOptions { LearningRate = 0.1 }),
            "sgd-weight-decay" => new Sgd(ps, new SgdOptions { LearningRate = 0.1, Momentum = 0.9, WeightDecay = 0.5 }),
            "adam-weight-decay" => new Adam(ps, new AdamOptions { LearningRate = 0.05, WeightDecay = 0.5 }),
            _ => new Adam(ps, new AdamOptions { LearningRate = 0.05 }),
        };
        var trainer = new Trainer(model, new CrossEntropy(), Make(model.Parameters),
            new TrainerOptions { BatchSize = 8, Epochs = 5, ClipGradNorm = optimizer == "clipped" ? 0.01 : null }, new RandomStream(2));
        if (optimizer == "copied") trainer.Optimizer.Statistics = new UpdateStatistics(model.Parameters.Length);
        var recorder = new StepRecorder(model);
        var truth = new Independent(model);
        trainer.AddObserver(truth);
        trainer.AddObserver(recorder);
        trainer.Fit(Data(30));   // 4 steps an epoch, the last of 6 rows

        Assert.Equal(20, recorder.Count);
        for (int p = 0; p < model.Parameters.Length; p++)
        {
            string key = model.Parameters[p].Name;
            Numerics.AssertClose(truth.GradNorms.Select(n => (float)n[p]).ToArray(), recorder.Column($"{key}.grad_norm"), 1e-5, 1e-7, $"{key} gradient norm");
            Numerics.AssertClose(truth.Norms.Select(n => (float)n[p]).ToArray(), recorder.Column($"{key}.norm"), 1e-5, 1e-7, $"{key} norm");
            Numerics.AssertClose(truth.Ratios.Select(n => (float)n[p]).ToArray(), recorder.Column($"{key}.update_ratio"), 1e-3, 1e-7, $"{key} update ratio");
        }
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (float)i), recorder.Column("step"));
        Assert.Equal(5f, recorder.Column("epoch")[^1]);
    }

    /// <summary>Each activation layer's mean, std, dead and saturated fractions, computed here in double from the layer
    /// outputs after every step (the last batch of an epoch is smaller), equal the recorded ones.</summary>
    [Theory]
    [InlineData("relu")]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    public void Activation_statistics_equal_independently_computed_ones(string activation)
    {
        var model = Model(activation);
        foreach (var p in model.Parameters) for (int i = 0; i < p.Count; i++) p.Value[i] *= 4;   // some units saturate
        ((Linear)model.Layers[0]).Bias.Value[0] = -1000;   // and one never fires
        var recorder = new StepRecorder(model, options: new StepRecorderOptions(ActivationEvery: 1));
        var truth = new LayerTruth(model);
        var trainer = Trainer(model, epochs: 3);
        trainer.AddObserver(recorder);
        trainer.AddObserver(truth);
        trainer.Fit(Data(30));   // batches of 8, 8, 8 and 6
        Assert.Equal(12, recorder.Count);
        string fraction = activation == "relu" ? "1.dead_fraction" : "1.saturated_fraction";
        Assert.Contains(recorder.Column(fraction), f => f > 0 && f < 1);   // the fractions are not all 0 or 1
        foreach (int layer in new[] { 1, 3 })
        {
            Numerics.AssertClose(truth.Rows.Select(r => (float)r[layer].Mean).ToArray(), recorder.Column($"{layer}.act_mean"), 1e-5, 1e-6, $"{layer} mean");
            Numerics.AssertClose(truth.Rows.Select(r => (float)r[layer].Std).ToArray(), recorder.Column($"{layer}.act_std"), 1e-4, 1e-6, $"{layer} std");
            Numerics.AssertClose(truth.Rows.Select(r => (float)r[layer].Dead).ToArray(), recorder.Column($"{layer}.dead_fraction"), 0, 0, $"{layer} dead");
            Numerics.AssertClose(truth.Rows.Select(r => (float)r[layer].Saturated).ToArray(), recorder.Column($"{layer}.saturated_fraction"), 0, 1e-7, $"{layer} saturated");
        }
    }

    private sealed class LayerTruth(Sequential model) : ITrainingObserver
    {
        public readonly List<Dictionary<int, (double Mean, double Std, double Dead, double Saturated)>> Rows = [];

        public void AfterStep(Trainer trainer, in StepInfo step)
        {
            var row = new Dictionary<int, (double, double, double, double)>();
            foreach (int layer in new[] { 1, 3 })
            {
                int n = step.Batch, units = model.WidthAt(layer + 1);
                var y = model.LayerOutput(layer, n).ToArray().Select(v => (double)v).ToArray();   // unit-major
                double mean = y.Average(), std = Math.Sqrt(y.Average(v => (v - mean) * (v - mean)));
                var kind = model.Layers[layer];
                double dead = kind is ReLU ? Enumerable.Range(0, units).Count(u => y.Skip(u * n).Take(n).All(v => v <= 0)) / (double)units : double.NaN;
                double saturated = kind switch
                {
                    Sigmoid => y.Count(v => v < 0.01 || v > 0.99) / (double)y.Length,
                    Tanh => y.Count(v => Math.Abs(v) > 0.99) / (double)y.Length,
                    _ => double.NaN,
                };
                row[layer] = (mean, std, dead, saturated);
            }
            Rows.Add(row);
        }
    }

    [Fact]
    public void Dead_relu_units_and_saturated_sigmoids_are_counted()
    {
        var model = Model();
        var first = (Linear)model.Layers[0];
        first.Bias.Value[0] = -1000;   // unit 0 of layer 1 can never fire: dead
        first.Bias.Value[1] = -1000;
        var recorder = new StepRecorder(model, options: new StepRecorderOptions(ActivationEvery: 1));
        var trainer = Trainer(model, epochs: 1);
        trainer.AddObserver(recorder);
        trainer.Fit(Data(16));
        var dead = recorder.Column("1.dead_fraction");
        Assert.Equal(2f / 6, dead[0]);
        Assert.All(dead, f => Assert.True(f >= 2f / 6));   // more may die while training
        Assert.All(recorder.Column("1.saturated_fraction"), f => Assert.True(float.IsNaN(f)));

        var sigmoid = Model("sigmoid");
        foreach (var p in sigmoid.Parameters) for (int i = 0; i < p.Count; i++) p.Value[i] *= 100;   // drive every unit to 0 or 1
        var saturated = new StepRecorder(sigmoid);   // default: activation statistics every 10th step only
        Assert.Equal(10, saturated.Options.ActivationEvery);
        var t2 = Trainer(sigmoid, epochs: 1);
        t2.AddObserver(saturated);
        t2.Fit(Data(16));
        Assert.True(saturated.Column("1.saturated_fraction")[0] > 0.9f);
        Assert.True(float.IsNaN(saturated.Column("1.dead_fraction")[0]));
        Assert.True(float.IsNaN(saturated.Column("1.act_mean")[1]));   // step 1 is between samples
    }

    [Fact]
    public void Memory_stays_bounded_keeping_the_highest_losses()
    {
        var model = Model();
        var recorder = new StepRecorder(model, options: new StepRecorderOptions(Capacity: 8));
        var losses = new LossLog();
        var trainer = Trainer(model, epochs: 25);
        trainer.AddObserver(losses);
        trainer.AddObserver(recorder);
        trainer.Fit(Data(32));   // 100 steps
        Assert.True(recorder.Count <= 8, $"{recorder.Count} rows");
        Assert.True(recorder.Stride >= 16);
        var steps = recorder.Column("step");
        Assert.Equal(steps.Order(), steps);   // still in step order
        Assert.Equal(100, losses.Losses.Count);
        Assert.Contains(losses.Losses.Max(), recorder.Column("loss"));   // the worst spike (an early step here) survives every halving

        // Each kept row is the row an unbounded recorder has for that step, norms included (a step stores squares,
        // turned into norms when read; halving happens in between).
        AssertRowsAreUnboundedOnes(recorder, epochs: 25, activationEvery: 10);
    }

    /// <summary>Each row of <paramref name="bounded"/> equals the row for the same step of an unbounded recorder on the same run.</summary>
    private static void AssertRowsAreUnboundedOnes(StepRecorder bounded, int epochs, int activationEvery)
    {
        var model = Model();
        var full = new StepRecorder(model, options: new StepRecorderOptions(ActivationEvery: activationEvery));
        var trainer = Trainer(model, epochs);
        trainer.AddObserver(full);
        trainer.Fit(Data(32));
        for (int r = 0; r < bounded.Count; r++)
            Assert.Equal(full.Row((int)bounded.Row(r)[2]).ToArray(), bounded.Row(r).ToArray());
    }

    /// <summary>
    /// The optimizer writes each step's sums straight into the row being filled, also on steps the recorder skips, so a
    /// row must only ever hold its own step: at every capacity (1 halves after every row), each kept row is the row an
    /// unbounded recorder has for that step.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Small_capacities_keep_whole_rows_of_their_own_steps(int capacity)
    {
        var model = Model();
        var recorder = new StepRecorder(model, options: new StepRecorderOptions(Capacity: capacity, ActivationEvery: 1));
        var trainer = Trainer(model, epochs: 10);
        trainer.AddObserver(recorder);
        trainer.Fit(Data(32));   // 40 steps
        Assert.InRange(recorder.Count, 1, capacity);
        AssertRowsAreUnboundedOnes(recorder, epochs: 10, activationEvery: 1);
    }

    [Fact]
    public void After_dispose_the_optimizer_no_longer_writes_into_the_returned_rows()
    {
        var model = Model();
        var trainer = Trainer(model, epochs: 1);
        var recorder = new StepRecorder(model);
        trainer.AddObserver(recorder);
        trainer.Fit(Data(16));
        var statistics = trainer.Optimizer.Statistics!;
        recorder.Dispose();
        int rowFloats = 1025 * (recorder.Columns.Count + model.Parameters.Length);   // as the recorder rents them
        var pooled = System.Buffers.ArrayPool<float>.Shared.Rent(rowFloats);   // on this thread: the rows just given back
        var copy = pooled.ToArray();
        trainer.Optimizer.Step();
        Assert.Equal(copy, pooled);
        Assert.True(statistics.GradSquares(0) > 0);   // the step's sums went to the recorder's own small buffer
        System.Buffers.ArrayPool<float>.Shared.Return(pooled);
    }

    [Theory]
    [InlineData(0, 10, "capacity must be > 0, got 0")]
    [InlineData(16, 0, "activation_every must be > 0, got 0")]
    public void Options_out_of_range_are_refused_when_the_recorder_is_made(int capacity, int every, string message) =>
        Assert.Equal(message, Assert.Throws<TinyNetsException>(() => new StepRecorder(Model(), options: new StepRecorderOptions(capacity, every))).Message);

    [Fact]
    public void Rows_survive_the_storage_growing_and_dispose_gives_it_back()
    {
        var model = Model();
        var trainer = Trainer(model);
        using var recorder = new StepRecorder(model);
        trainer.AddObserver(recorder);
        var data = Data(8);
        var x = Numerics.UnitMajor(data.Features, 8, 3);
        for (int i = 0; i < 3000; i++) trainer.Step(x, data.Targets, 8);   // no TrainingStarted: the 1024 pooled rows grow twice
        Assert.Equal(3000, recorder.Count);
        Assert.Equal(Enumerable.Range(0, 3000).Select(i => (float)i), recorder.Column("step"));
        Assert.All(recorder.Column("0.weight.grad_norm"), v => Assert.True(float.IsFinite(v) && v > 0));
        recorder.Dispose();
        Assert.Equal(0, recorder.Count);
        recorder.Dispose();   // twice is harmless
    }

    private sealed class LossLog : ITrainingObserver
    {
        public readonly List<float> Losses = [];
        public void AfterStep(Trainer trainer, in StepInfo step) => Losses.Add(step.Loss);
    }

    [Fact]
    public void Recording_allocates_nothing_per_step()
    {
        var model = Model();
        var trainer = Trainer(model);
        trainer.AddObserver(new StepRecorder(model, options: new StepRecorderOptions(Capacity: 2048)));   // full after warm-up: compacting too
        var data = Data(8);
        var x = Numerics.UnitMajor(data.Features, 8, 3);
        Assert.Equal(0, Allocation.SteadyStateBytes(() => trainer.Step(x, data.Targets, 8)));
    }
}
