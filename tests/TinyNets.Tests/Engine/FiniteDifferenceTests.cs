using TinyNets.Activations;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Models;
using TinyNets.Randomness;
using Xunit;
using static TinyNets.Tests.Engine.Reference;
using static TinyNets.Tests.Numerics;

namespace TinyNets.Tests.Engine;

/// <summary>
/// The engine's float32 gradients against central finite differences of the double-precision reference
/// (scikit-learn's test_gradient does the same). Inputs stay away from kinks, where a difference quotient is meaningless.
/// </summary>
public sealed class FiniteDifferenceTests
{
    private const int Batch = 5;

    private static float[] Draw(int n, RandomStream random, double scale = 1.5, double avoidNear = 0.05)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++)
        {
            double x;
            do x = random.Normal(0, scale); while (Math.Abs(x) < avoidNear);
            v[i] = (float)x;
        }
        return v;
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("leaky-relu")]
    [InlineData("tanh")]
    [InlineData("sigmoid")]
    [InlineData("gelu")]
    [InlineData("identity")]
    [InlineData("softmax")]
    public void Activation_gradient_matches_finite_differences(string name)
    {
        const int width = 7;
        var random = new RandomStream(11);
        float[] x = Draw(Batch * width, random), dy = Draw(Batch * width, random);
        var layer = ActivationNames.Create(name);
        var y = new float[x.Length];
        var dx = new float[x.Length];
        layer.Forward(UnitMajor(x, Batch, width), y, Batch, width);
        layer.Backward(UnitMajor(x, Batch, width), y, UnitMajor(dy, Batch, width), dx, Batch, width);
        y = ExampleMajor(y, Batch, width);
        dx = ExampleMajor(dx, Batch, width);

        double[] dyd = ToDouble(dy);
        // L(x) = Σ dy ⊙ f(x), so ∂L/∂x is exactly what backward computes from dy.
        double L(double[] input) => Activation(name, input, Batch, width).Zip(dyd, (a, b) => a * b).Sum();
        AssertClose(ToFloat(Activation(name, ToDouble(x), Batch, width)), y, 1e-6, 1e-7, $"{name} forward");
        AssertClose(ToFloat(Gradient(ToDouble(x), L)), dx, 1e-4, 1e-6, $"{name} input gradient");
    }

    [Fact]
    public void Linear_gradients_match_finite_differences()
    {
        const int inWidth = 6, outWidth = 4;
        var random = new RandomStream(12);
        var layer = new Linear(inWidth, outWidth);
        Draw(inWidth * outWidth, random).CopyTo(layer.Weight.Value, 0);
        Draw(outWidth, random).CopyTo(layer.Bias.Value, 0);
        float[] x = Draw(Batch * inWidth, random), dy = Draw(Batch * outWidth, random);
        var y = new float[Batch * outWidth];
        var dx = new float[x.Length];
        layer.Forward(UnitMajor(x, Batch, inWidth), y, Batch, inWidth);
        layer.Backward(UnitMajor(x, Batch, inWidth), y, UnitMajor(dy, Batch, outWidth), dx, Batch, inWidth);
        y = ExampleMajor(y, Batch, outWidth);
        dx = ExampleMajor(dx, Batch, inWidth);

        double[] xd = ToDouble(x), w = ToDouble(layer.Weight.Value), b = ToDouble(layer.Bias.Value), dyd = ToDouble(dy);
        double Dot(double[] v) => v.Zip(dyd, (p, q) => p * q).Sum();
        AssertClose(ToFloat(Linear(xd, w, b, Batch, inWidth, outWidth)), y, 1e-5, 1e-6, "forward");
        AssertClose(ToFloat(Gradient(xd, v => Dot(Linear(v, w, b, Batch, inWidth, outWidth)))), dx, 1e-4, 1e-6, "input gradient");
        AssertClose(ToFloat(Gradient(w, v => Dot(Linear(xd, v, b, Batch, inWidth, outWidth)))), layer.Weight.Grad, 1e-4, 1e-6, "weight gradient");
        AssertClose(ToFloat(Gradient(b, v => Dot(Linear(xd, w, v, Batch, inWidth, outWidth)))), layer.Bias.Grad, 1e-4, 1e-6, "bias gradient");
    }

    [Theory]
    [InlineData("mse", 3)]
    [InlineData("l1", 3)]
    [InlineData("huber", 3)]
    [InlineData("bce", 2)]
    [InlineData("bce-logits", 2)]
    [InlineData("cross-entropy", 4)]
    public void Loss_gradient_matches_finite_differences(string name, int width)
    {
        var random = new RandomStream(13);
        float[] p = Draw(Batch * width, random);
        float[] t;
        double smoothing = name == "cross-entropy" ? 0.15 : 0;
        if (name == "cross-entropy")
            t = Enumerable.Range(0, Batch).Select(_ => (float)random.NextInt(width)).ToArray();
        else if (name is "bce" or "bce-logits")
            t = Enumerable.Range(0, p.Length).Select(_ => (float)random.NextInt(2)).ToArray();
        else
            t = Draw(p.Length, random);
        if (name == "bce")
            for (int i = 0; i < p.Length; i++) p[i] = (float)(0.05 + 0.9 * random.NextDouble());   // probabilities
        if (name == "huber")   // keep |p − t| away from delta = 1, where the second derivative jumps
            for (int i = 0; i < p.Length; i++)
                if (Math.Abs(Math.Abs(p[i] - t[i]) - 1) < 0.05) p[i] += 0.2f;

        var loss = LossNames.Create(name, labelSmoothing: smoothing);
        var grad = new float[p.Length];
        float value = loss.Compute(UnitMajor(p, Batch, width), name == "cross-entropy" ? t : UnitMajor(t, Batch, width), grad, Batch, width);
        grad = ExampleMajor(grad, Batch, width);
        double[] td = ToDouble(t);
        double L(double[] v) => Loss(name, v, td, Batch, width, smoothing: smoothing);
        AssertClose(L(ToDouble(p)), value, 1e-6, 1e-7, $"{name} value");
        AssertClose(ToFloat(Gradient(ToDouble(p), L)), grad, 1e-4, 1e-6, $"{name} gradient");
    }

    /// <summary>The path of the original experiments: Softmax output followed by MSE on one-hot targets, unfused.</summary>
    [Theory]
    [InlineData("relu", "softmax", "mse")]
    [InlineData("tanh", "softmax", "mse")]
    [InlineData("gelu", "none", "cross-entropy")]
    [InlineData("sigmoid", "sigmoid", "bce")]
    [InlineData("leaky-relu", "identity", "huber")]
    public void Network_gradients_match_finite_differences(string activation, string output, string lossName)
    {
        var random = new RandomStream(14);
        int[] sizes = lossName == "bce" ? [3, 6, 5, 1] : [3, 6, 5, 4];
        var model = new ModelSpec(sizes, activation, output).Build();
        foreach (var p in model.Parameters) Draw(p.Count, random, scale: 0.8, avoidNear: 0).CopyTo(p.Value, 0);
        float[] x = Draw(Batch * sizes[0], random, avoidNear: 0);
        int width = sizes[^1];
        float[] t = lossName switch
        {
            "cross-entropy" => Enumerable.Range(0, Batch).Select(_ => (float)random.NextInt(width)).ToArray(),
            "mse" => Enumerable.Range(0, Batch * width).Select(i => i % width == i / width % width ? 1f : 0f).ToArray(),
            "bce" => Enumerable.Range(0, Batch).Select(i => (float)(i % 2)).ToArray(),
            _ => Draw(Batch * width, random),
        };
        var loss = LossNames.Create(lossName);
        var outputGrad = new float[Batch * width];
        float[] xu = UnitMajor(x, Batch, sizes[0]);
        loss.Compute(model.Forward(xu, Batch), lossName == "cross-entropy" ? t : UnitMajor(t, Batch, width), outputGrad, Batch, width);
        model.Backward(xu, outputGrad, Batch);

        double[] xd = ToDouble(x), td = ToDouble(t);
        var layers = model.Layers;
        double[][] values = model.Parameters.Select(p => ToDouble(p.Value)).ToArray();
        double Total()
        {
            double[] h = xd;
            int width0 = sizes[0], k = 0;
            foreach (var layer in layers)
            {
                if (layer is Linear lin)
                {
                    h = Linear(h, values[k], values[k + 1], Batch, lin.InFeatures, lin.OutFeatures);
                    k += 2;
                    width0 = lin.OutFeatures;
                }
                else h = Activation(ActivationKind(layer), h, Batch, width0);
            }
            return Loss(lossName, h, td, Batch, width);
        }
        for (int i = 0; i < values.Length; i++)
        {
            var truth = Gradient(values[i], _ => Total());
            AssertClose(ToFloat(truth), model.Parameters[i].Grad, 2e-4, 2e-6, $"{model} + {lossName}: {model.Parameters[i].Name}");
        }
    }

    private static string ActivationKind(Layer layer) => layer.Kind;
}
