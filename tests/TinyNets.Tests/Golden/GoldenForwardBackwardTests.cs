using System.Text.Json;
using TinyNets.Activations;
using TinyNets.Data;
using TinyNets.Losses;
using TinyNets.Models;
using TinyNets.Optimizers;
using TinyNets.Training;
using Xunit;
using static TinyNets.Tests.Numerics;

namespace TinyNets.Tests.Golden;

/// <summary>Outputs and gradients of single activations, single losses and whole networks, against PyTorch.</summary>
public sealed class GoldenForwardBackwardTests
{
    public static IEnumerable<object[]> Activations => GoldenFile.Indices("activations");
    public static IEnumerable<object[]> Losses => GoldenFile.Indices("losses");
    public static IEnumerable<object[]> Networks => GoldenFile.Indices("networks");

    [Theory]
    [MemberData(nameof(Activations))]
    public void Activation_matches_pytorch(int index)
    {
        var c = GoldenFile.Section("activations")[index];
        string name = c.Str("name");
        int batch = c.GetProperty("batch").GetInt32(), width = c.GetProperty("width").GetInt32();
        var layer = ActivationNames.Create(name);
        float[] x = UnitMajor(c.GetProperty("input").Floats(), batch, width), dy = UnitMajor(c.GetProperty("output_grad").Floats(), batch, width);
        var y = new float[x.Length];
        var dx = new float[x.Length];
        layer.Forward(x, y, batch, width);
        layer.Backward(x, y, dy, dx, batch, width);
        AssertClose(c.GetProperty("output").Floats(), ExampleMajor(y, batch, width), 1e-5, 1e-6, $"{name} output");
        AssertClose(c.GetProperty("input_grad").Floats(), ExampleMajor(dx, batch, width), 1e-5, 1e-6, $"{name} input gradient");
    }

    [Theory]
    [MemberData(nameof(Losses))]
    public void Loss_matches_pytorch(int index)
    {
        var c = GoldenFile.Section("losses")[index];
        var loss = GoldenFile.Loss(c.Str("name"), c.GetProperty("args"));
        int batch = c.GetProperty("batch").GetInt32(), width = c.GetProperty("width").GetInt32();
        float[] p = UnitMajor(c.GetProperty("prediction").Floats(), batch, width), t = c.GetProperty("target").Floats();
        if (loss.TargetWidth(width) == width) t = UnitMajor(t, batch, width);
        var grad = new float[p.Length];
        float value = loss.Compute(p, t, grad, batch, width);
        string what = $"{c.Str("name")} {c.GetProperty("args")} width {width}";
        AssertClose(c.GetProperty("loss").GetDouble(), value, 1e-5, 1e-6, $"{what} loss");
        AssertClose(c.GetProperty("grad").Floats(), ExampleMajor(grad, batch, width), 1e-5, 1e-7, $"{what} gradient");
        Assert.Equal(value, loss.Compute(p, t, batch, width));
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Network_forward_and_gradients_match_pytorch(int index)
    {
        var c = GoldenFile.Section("networks")[index];
        var model = c.Model("params");
        var loss = GoldenFile.Loss(c.Str("loss"), c.GetProperty("loss_args"));
        int batch = c.GetProperty("batch").GetInt32();
        int width = model.OutputWidth;
        float[] x = UnitMajor(c.GetProperty("input").Floats(), batch, model.InputWidth), t = c.GetProperty("target").Floats();
        if (loss.TargetWidth(width) == width) t = UnitMajor(t, batch, width);
        var output = model.Forward(x, batch).ToArray();
        var outputGrad = new float[output.Length];
        float value = loss.Compute(output, t, outputGrad, batch, width);
        model.Backward(x, outputGrad, batch);

        string what = $"{model} + {loss.Name}";
        AssertClose(c.GetProperty("output_values").Floats(), ExampleMajor(output, batch, width), 1e-5, 1e-6, $"{what} output");
        AssertClose(c.GetProperty("loss_value").GetDouble(), value, 1e-5, 1e-7, $"{what} loss");
        foreach (var p in model.Parameters)
            AssertClose(c.GetProperty("grads").GetProperty(p.Name).Floats(), p.Grad, 1e-4, 1e-6, $"{what} gradient of {p.Name}");
    }

    [Fact]
    public void Minibatch_training_run_matches_pytorch_epoch_by_epoch()
    {
        var c = GoldenFile.Section("training");
        var model = c.Model("initial");
        var data = new Dataset(c.GetProperty("input").Floats(), c.GetProperty("target").Floats(), 2, 5, classCount: 5);
        var trainer = new Trainer(model, new MeanSquaredError(),
            new Adam(model.Parameters, new AdamOptions { LearningRate = c.GetProperty("lr").GetDouble() }),
            new TrainerOptions { BatchSize = c.GetProperty("batch").GetInt32(), Epochs = c.GetProperty("epochs").GetInt32(), Shuffle = false },
            new Randomness.RandomStream(0));
        var history = trainer.Fit(data);

        Assert.Equal(15, history.Steps);   // 10 rows in batches of 4: 4, 4, 2
        var expected = c.GetProperty("epoch_losses").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        AssertClose(expected, history.Epochs.Select(e => (float)e.TrainLoss).ToArray(), 1e-5, 1e-7, "epoch losses");
        foreach (var p in model.Parameters)
            AssertClose(c.GetProperty("final").GetProperty(p.Name).Floats(), p.Value, 1e-4, 1e-6, $"final {p.Name}");
    }
}
