using TinyNets.Models;
using TinyNets.Optimizers;
using Xunit;

namespace TinyNets.Tests.Engine;

/// <summary>
/// The optimizers update whole vectors and finish a tensor with one partial vector (masked loads and stores). Every
/// length from 1 to 40 (whole 16- and 8-lane vectors, and every remainder) must give the bits of the scalar formula,
/// and the statistics the recorder reads must equal sums taken separately.
/// </summary>
public sealed class OptimizerWidthTests
{
    public static IEnumerable<object[]> Lengths => Enumerable.Range(1, 40).Select(n => new object[] { n });

    private static Parameter Param(int n, int seed)
    {
        var p = new Parameter("0.weight", n);
        var random = new Random(seed);
        for (int i = 0; i < n; i++) p.Value[i] = (float)(random.NextDouble() * 4 - 2);
        return p;
    }

    private static void Gradient(Parameter p, int step)
    {
        for (int i = 0; i < p.Count; i++) p.Grad[i] = MathF.Sin(i * 1.7f + step) * (i % 3 == 0 ? 0.01f : 1f);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Adam_rounds_as_the_scalar_formula_at_every_length(int n)
    {
        foreach (var options in new[]
        {
            new AdamOptions { LearningRate = 0.05 },
            new AdamOptions { LearningRate = 0.05, WeightDecay = 0.1, AmsGrad = true },
            new AdamOptions { LearningRate = 0.05, Epsilon = 0 },
        })
        {
            var p = Param(n, n);
            var adam = new Adam([p], options) { Statistics = new UpdateStatistics(1) };
            float[] theta = p.Value.ToArray(), m = new float[n], v = new float[n], vMax = new float[n];
            for (int step = 1; step <= 3; step++)
            {
                Gradient(p, step);
                float[] before = theta.ToArray();
                // Adam.Step's constants, then its per-element operations in its order, in float.
                float b1 = (float)options.Beta1, b2 = (float)options.Beta2, l2 = (float)options.WeightDecay, eps = (float)options.Epsilon;
                float stepSize = (float)(options.LearningRate / (1 - Math.Pow(options.Beta1, step)));
                float c2 = (float)Math.Sqrt(1 - Math.Pow(options.Beta2, step));
                for (int i = 0; i < n; i++)
                {
                    float t = theta[i] * 1f;
                    float g = l2 == 0 ? p.Grad[i] : p.Grad[i] + l2 * t;
                    m[i] = b1 * m[i] + (float)(1 - options.Beta1) * g;
                    v[i] = b2 * v[i] + (float)(1 - options.Beta2) * g * g;
                    float vi = v[i];
                    if (options.AmsGrad) vi = vMax[i] = Math.Max(vMax[i], v[i]);
                    theta[i] = t - stepSize * m[i] / (MathF.Sqrt(vi) / c2 + eps);
                }
                adam.Step();
                Assert.Equal(theta, p.Value);
                AssertStatistics(adam.Statistics!, before, theta, p.Grad);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Sgd_rounds_as_the_scalar_formula_at_every_length(int n)
    {
        foreach (var options in new[]
        {
            new SgdOptions { LearningRate = 0.1 },
            new SgdOptions { LearningRate = 0.1, Momentum = 0.9, Dampening = 0.25, WeightDecay = 0.01 },
            new SgdOptions { LearningRate = 0.1, Momentum = 0.9, Nesterov = true },
        })
        {
            var p = Param(n, n);
            var sgd = new Sgd([p], options) { Statistics = new UpdateStatistics(1) };
            float[] theta = p.Value.ToArray(), buffer = new float[n];
            float lr = (float)options.LearningRate, mu = (float)options.Momentum, wd = (float)options.WeightDecay;
            for (int step = 1; step <= 3; step++)
            {
                Gradient(p, step);
                float[] before = theta.ToArray();
                for (int i = 0; i < n; i++)
                {
                    float g = wd == 0 ? p.Grad[i] : p.Grad[i] + wd * theta[i];
                    if (mu != 0)
                    {
                        buffer[i] = step == 1 ? g : mu * buffer[i] + (float)(1 - options.Dampening) * g;
                        g = options.Nesterov ? g + mu * buffer[i] : buffer[i];
                    }
                    theta[i] = theta[i] - lr * g;
                }
                sgd.Step();
                Assert.Equal(theta, p.Value);
                AssertStatistics(sgd.Statistics!, before, theta, p.Grad);
            }
        }
    }

    private static void AssertStatistics(UpdateStatistics statistics, float[] before, float[] after, float[] grad)
    {
        float Squares(Func<int, double> x) => (float)Enumerable.Range(0, before.Length).Sum(i => x(i) * x(i));
        Numerics.AssertClose([Squares(i => before[i]), Squares(i => after[i]), Squares(i => (double)after[i] - before[i]), Squares(i => grad[i])],
            [statistics.BeforeSquares(0), statistics.AfterSquares(0), statistics.DeltaSquares(0), statistics.GradSquares(0)],
            1e-5, 1e-9, $"statistics of {before.Length} values");
    }
}
