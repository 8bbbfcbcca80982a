using TinyNets.Kernels;
using Xunit;

namespace TinyNets.Tests.Engine;

/// <summary>
/// The plain passes against their scalar definitions, bit for bit, at every length from 0 to 260 (whole vectors, a tail,
/// both), with NaN, ±∞ and −0 among the values.
/// </summary>
public sealed class ElementwiseTests
{
    private static float[] Values(int n, int seed)
    {
        var random = new Random(seed);
        float[] specials = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f];
        return Enumerable.Range(0, n).Select(i => i % 7 == 3 ? specials[(i / 7) % specials.Length] : (float)(random.NextDouble() * 8 - 4)).ToArray();
    }

    private static void AssertBits(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]) || (float.IsNaN(expected[i]) && float.IsNaN(actual[i])),
                $"{what}, length {expected.Length}, [{i}]: {actual[i]:R}, expected {expected[i]:R}");
    }

    [Fact]
    public void Passes_equal_their_scalar_definitions_at_every_length()
    {
        for (int n = 0; n <= 260; n++)
        {
            float[] x = Values(n, n), y = Values(n, n + 100), z = Values(n, n + 200);

            var relu = new float[n];
            Elementwise.Relu(x, relu, n);
            AssertBits(x.Select(v => Math.Max(v, 0f)).ToArray(), relu, "relu");

            var max = (float[])y.Clone();
            Elementwise.MaxInto(x, max);
            AssertBits(x.Select((v, i) => Math.Max(y[i], v)).ToArray(), max, "max");

            var sum = (float[])y.Clone();
            Elementwise.AddInto(x, sum);
            AssertBits(x.Select((v, i) => y[i] + v).ToArray(), sum, "add");

            var fma = (float[])z.Clone();
            Elementwise.MultiplyAddInto(x, y, fma);
            AssertBits(x.Select((v, i) => { float product = v * y[i]; return product + z[i]; }).ToArray(), fma, "multiply-add");

            var quotient = (float[])x.Clone();
            Elementwise.DivideBy(quotient, y);
            AssertBits(x.Select((v, i) => v / y[i]).ToArray(), quotient, "divide");

            var dx = new float[n];
            Elementwise.SoftmaxBackwardRow(x, y, z, dx);
            AssertBits(x.Select((v, i) => (v - y[i]) * z[i]).ToArray(), dx, "softmax backward");

            var scaled = (float[])x.Clone();
            Elementwise.Scale(scaled, 0.37f);
            AssertBits(x.Select(v => v * 0.37f).ToArray(), scaled, "scale");
        }
    }

    [Fact]
    public void Mse_pass_scales_each_difference_and_sums_the_squares()
    {
        for (int n = 1; n <= 260; n++)
        {
            var random = new Random(n);
            float[] p = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
            float[] t = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
            var g = new float[n];
            float squares = Elementwise.ScaledDifferences(p, t, g, 2f / n, n);
            AssertBits(p.Select((v, i) => (v - t[i]) * (2f / n)).ToArray(), g, "gradient");
            double truth = p.Select((v, i) => (double)(v - t[i]) * (v - t[i])).Sum();
            Assert.True(Math.Abs(squares - truth) <= 1e-6 * truth + 1e-12, $"length {n}: {squares:R} against {truth:R}");
        }
    }

    [Fact]
    public void Sum_of_squares_is_close_to_the_double_sum_at_every_length()
    {
        Assert.Equal(0f, Elementwise.SumOfSquares([]));
        for (int n = 1; n <= 260; n++)
        {
            var random = new Random(n);
            float[] x = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
            double truth = x.Sum(v => (double)v * v);
            float sum = Elementwise.SumOfSquares(x);
            Assert.True(Math.Abs(sum - truth) <= 1e-6 * truth, $"length {n}: {sum:R} against {truth:R}");
        }
        Assert.True(float.IsNaN(Elementwise.SumOfSquares([1f, float.NaN, 2f])));
    }
}
