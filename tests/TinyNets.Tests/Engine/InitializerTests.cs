using TinyNets.Initializers;
using TinyNets.Layers;
using TinyNets.Models;
using TinyNets.Randomness;
using Xunit;

namespace TinyNets.Tests.Engine;

/// <summary>PyTorch's init formulas, checked through closed-form bounds and the statistics of large draws.</summary>
public sealed class InitializerTests
{
    private static float[] Fill(Initializer init, int fanOut, int fanIn, ulong seed = 5)
    {
        var values = new float[fanOut * fanIn];
        init.Fill(values, fanIn, fanOut, new RandomStream(seed));
        return values;
    }

    private static (double Mean, double Std, double Min, double Max) Stats(float[] v)
    {
        double mean = v.Average(x => (double)x);
        double std = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
        return (mean, std, v.Min(), v.Max());
    }

    [Theory]
    [InlineData("linear", null, 1.0)]
    [InlineData("sigmoid", null, 1.0)]
    [InlineData("tanh", null, 5.0 / 3.0)]
    [InlineData("relu", null, 1.4142135623730951)]
    [InlineData("leaky_relu", null, 1.4141428569978354)]   // √(2 / (1 + 0.01²))
    [InlineData("leaky_relu", 0.2, 1.3867504905630728)]    // √(2 / 1.04)
    [InlineData("selu", null, 0.75)]
    public void Gain_is_pytorchs(string nonlinearity, double? param, double expected) =>
        Assert.Equal(expected, Gain.Calculate(nonlinearity, param), 12);

    [Fact]
    public void Unknown_nonlinearity_names_the_valid_ones()
    {
        var e = Assert.Throws<TinyNetsException>(() => Gain.Calculate("swish"));
        Assert.Contains("'swish'", e.Message);
        Assert.Contains("leaky_relu", e.Message);
    }

    [Fact]
    public void Xavier_uniform_has_the_glorot_bound_and_variance()
    {
        // fan_in 300, fan_out 200: a = gain·√(6/500); a uniform's std is a/√3.
        double a = 2.0 * Math.Sqrt(6.0 / 500);
        var s = Stats(Fill(new XavierUniform(Gain: 2.0), 200, 300));
        Assert.InRange(s.Max, a * 0.995, a);
        Assert.InRange(s.Min, -a, -a * 0.995);
        Assert.Equal(a / Math.Sqrt(3), s.Std, 0.01 * a);
        Assert.Equal(0, s.Mean, 0.01 * a);
    }

    [Fact]
    public void Xavier_normal_has_the_glorot_std() =>
        Assert.Equal(Math.Sqrt(2.0 / 500), Stats(Fill(new XavierNormal(), 200, 300)).Std, 0.005 * Math.Sqrt(2.0 / 500) * 3);

    [Theory]
    [InlineData(FanMode.FanIn, 300)]
    [InlineData(FanMode.FanOut, 200)]
    public void Kaiming_normal_uses_the_chosen_fan(FanMode mode, int fan)
    {
        double std = Math.Sqrt(2.0) / Math.Sqrt(fan);
        Assert.Equal(std, Stats(Fill(new KaimingNormal(0, mode, "relu"), 200, 300)).Std, 0.015 * std);
    }

    [Fact]
    public void Kaiming_uniform_bound_is_sqrt3_gain_over_sqrt_fan_in()
    {
        double bound = Math.Sqrt(3.0) * Math.Sqrt(2.0) / Math.Sqrt(300);
        var s = Stats(Fill(new KaimingUniform(0, FanMode.FanIn, "relu"), 200, 300));
        Assert.InRange(s.Max, bound * 0.995, bound);
        Assert.InRange(s.Min, -bound, -bound * 0.995);
    }

    [Fact]
    public void Pytorch_default_linear_init_is_uniform_over_one_over_sqrt_fan_in()
    {
        var layer = new Linear(400, 300);
        WeightInit.PyTorchDefault(layer, new RandomStream(3));
        double bound = 1 / Math.Sqrt(400);
        var w = Stats(layer.Weight.Value);
        var b = Stats(layer.Bias.Value);
        Assert.InRange(w.Max, bound * 0.995, bound);
        Assert.InRange(w.Min, -bound, -bound * 0.995);
        Assert.Equal(bound / Math.Sqrt(3), w.Std, 0.01 * bound);
        Assert.InRange(b.Max, bound * 0.9, bound);
        Assert.InRange(b.Min, -bound, -bound * 0.9);
    }

    [Theory]
    [InlineData(4, 9)]
    [InlineData(9, 4)]
    [InlineData(6, 6)]
    public void Orthogonal_has_orthonormal_rows_or_columns(int rows, int cols)
    {
        var w = Fill(new Orthogonal(Gain: 1.5), rows, cols);
        bool byRows = rows <= cols;
        int count = byRows ? rows : cols, length = byRows ? cols : rows;
        for (int a = 0; a < count; a++)
            for (int b = 0; b < count; b++)
            {
                double dot = 0;
                for (int k = 0; k < length; k++)
                    dot += byRows ? w[a * cols + k] * w[b * cols + k] : w[k * cols + a] * w[k * cols + b];
                Assert.Equal(a == b ? 1.5 * 1.5 : 0, dot, 5);
            }
    }

    [Fact]
    public void Normal_uniform_and_constant_fill_as_asked()
    {
        var n = Stats(Fill(new Normal(3, 0.5), 100, 100));
        Assert.Equal(3, n.Mean, 0.02);
        Assert.Equal(0.5, n.Std, 0.02);
        var u = Stats(Fill(new Uniform(-2, 5), 100, 100));
        Assert.InRange(u.Min, -2, -1.99);
        Assert.InRange(u.Max, 4.99, 5);
        Assert.All(Fill(new Constant(0.25), 3, 3), v => Assert.Equal(0.25f, v));
        Assert.All(Fill(Constant.Zeros, 3, 3), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Fans_follow_pytorch()
    {
        Assert.Equal((3, 5), Initializer.Fans([5, 3]));
        Assert.Equal((7, 7), Initializer.Fans([7]));
    }

    [Theory]
    [InlineData("xavier-uniform")]
    [InlineData("he-normal")]
    [InlineData("orthogonal")]
    public void Named_schemes_zero_the_biases_and_draw_every_weight(string scheme)
    {
        var model = new ModelSpec([3, 8, 4], "relu", "none").Build();
        WeightInit.Apply(model, scheme, new RandomStream(1));
        foreach (var p in model.Parameters)
            if (p.Name.EndsWith(".bias")) Assert.All(p.Value, v => Assert.Equal(0f, v));
            else Assert.All(p.Value, v => Assert.NotEqual(0f, v));
    }

    [Fact]
    public void Unknown_scheme_lists_the_valid_ones()
    {
        var model = new ModelSpec([2, 2], "relu", "none").Build();
        var e = Assert.Throws<TinyNetsException>(() => WeightInit.Apply(model, "glorot", new RandomStream(1)));
        Assert.Contains("xavier-uniform", e.Message);
    }
}
