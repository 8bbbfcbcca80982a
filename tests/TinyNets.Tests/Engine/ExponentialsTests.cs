using TinyNets.Kernels;
using Xunit;

namespace TinyNets.Tests.Engine;

/// <summary>
/// The float e^x, tanh and sigmoid against the same functions in double precision, over dense sweeps of their ranges,
/// in units of the float spacing at the true value (ulp); and the values that need care: ±0, ±∞, NaN, results that
/// are subnormal, the switch between tanh's two formulas.
/// </summary>
public sealed class ExponentialsTests
{
    /// <summary>Distance from the true value in ulps of the float nearest it; below the normal range, in subnormal steps.</summary>
    private static double Ulps(float actual, double truth)
    {
        float nearest = (float)truth;
        double spacing = Math.Max(Math.Abs(MathF.BitIncrement(Math.Abs(nearest)) - Math.Abs(nearest)), float.Epsilon);
        return Math.Abs(actual - truth) / spacing;
    }

    private static float[] Sweep(double from, double to, int count) =>
        Enumerable.Range(0, count).Select(i => (float)(from + (to - from) * i / (count - 1))).ToArray();

    private static void AssertWithin(Action<ReadOnlySpan<float>, Span<float>> f, Func<double, double> truth, float[] x, double maxUlps)
    {
        var y = new float[x.Length];
        f(x, y);
        int worst = 0;
        double worstUlps = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double u = Ulps(y[i], truth(x[i]));
            if (u > worstUlps) (worst, worstUlps) = (i, u);
        }
        Assert.True(worstUlps <= maxUlps, $"f({x[worst]:R}) = {y[worst]:R}, truth {truth(x[worst]):R}: {worstUlps:F2} ulp");
    }

    [Fact]
    public void Exp_is_within_one_ulp_from_0_down_to_where_it_rounds_to_0()
    {
        AssertWithin(Exponentials.ExpNonPositive, Math.Exp, Sweep(-104, 0, 200_001), 1);
        AssertWithin(Exponentials.ExpNonPositive, Math.Exp, Sweep(-1e-3, 0, 10_001), 1);
    }

    [Fact]
    public void Tanh_is_within_two_ulps_everywhere()
    {
        AssertWithin(Exponentials.Tanh, Math.Tanh, Sweep(-12, 12, 240_001), 2);
        AssertWithin(Exponentials.Tanh, Math.Tanh, Sweep(-1e-3, 1e-3, 10_001), 2);
        AssertWithin(Exponentials.Tanh, Math.Tanh, Sweep(0.6, 0.65, 10_001), 2);   // where the two formulas meet
    }

    [Fact]
    public void Sigmoid_is_within_two_and_a_half_ulps_everywhere()
    {
        static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
        // e^(−|x|) to 1 ulp, then a sum and a division: 2.13 ulp at worst over this sweep
        AssertWithin(Exponentials.Sigmoid, Logistic, Sweep(-110, 30, 280_001), 2.5);
        AssertWithin(Exponentials.Sigmoid, Logistic, Sweep(-1e-3, 1e-3, 10_001), 2.5);
    }

    // Through erfc: 1 + erf(x/√2) cancels to nothing in double precision below about x = −8.
    private static double Phi(double x) => 0.5 * SpecialFunctions.Erfc(-x / Math.Sqrt(2));

    [Fact]
    public void Gelu_and_its_slope_follow_the_erf_definition()
    {
        var x = Sweep(-12, 12, 240_001);
        var y = new float[x.Length];
        var slope = new float[x.Length];
        Exponentials.Gelu(x, y);
        Exponentials.GeluBackward(x, Enumerable.Repeat(1f, x.Length).ToArray(), slope);
        double worstNear = 0, worstTail = 0, worstSlope = 0;
        float worstAt = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double truth = x[i] * Phi(x[i]);
            if (truth == 0) continue;
            double relative = Math.Abs(y[i] - truth) / Math.Abs(truth);
            if (x[i] >= -3) worstNear = Math.Max(worstNear, relative);
            else if (relative > worstTail) (worstTail, worstAt) = (relative, x[i]);
            double slopeTruth = Phi(x[i]) + x[i] * Math.Exp(-0.5 * x[i] * x[i]) / Math.Sqrt(2 * Math.PI);
            worstSlope = Math.Max(worstSlope, Math.Abs(slope[i] - slopeTruth));
        }
        // Measured: 6.7e-7 near the origin (erfcc's fit is good to 1.2e-7, then a few float roundings); 7.5e-6 in the
        // lower tail, where the exponent −x²/2 reaches −70 and its last bit moves e^(·) by 4e-6 of itself. (PyTorch's
        // float GELU is 0 there: 1 + erf(x/√2) rounds to 0 from about x = −5.7.)
        Assert.True(worstNear <= 1e-6, $"relative error {worstNear:E2} for x >= -3");
        Assert.True(worstTail <= 1e-5, $"relative error {worstTail:E2} at {worstAt:R}, in the tail below -3");
        Assert.True(worstSlope <= 5e-7, $"slope error {worstSlope:E2}");
    }

    [Fact]
    public void Special_values()
    {
        float[] x = [0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, -103f, -104f, -200f];
        var y = new float[x.Length];

        Exponentials.ExpNonPositive(x.Where(v => !(v > 0)).ToArray(), y);
        Assert.Equal([1f, 1f, 0f, float.NaN, (float)Math.Exp(-103), 0f, 0f], y[..7]);

        Exponentials.Tanh(x, y);
        Assert.Equal([0f, -0f, 1f, -1f, float.NaN, -1f, -1f, -1f], y);
        Assert.True(float.IsNegative(y[1]));

        Exponentials.Sigmoid(x, y);
        Assert.Equal([0.5f, 0.5f, 1f, 0f, float.NaN, (float)(1 / (1 + Math.Exp(103))), (float)(1 / (1 + Math.Exp(104))), 0f], y);
    }

    [Fact]
    public void A_value_does_not_depend_on_its_place_in_the_span_or_the_span_length()
    {
        var shift = Enumerable.Repeat(3f, 300).ToArray();   // the same everywhere, so a slice of one lines up
        foreach (var f in new Action<ReadOnlySpan<float>, Span<float>>[] {
            Exponentials.Tanh, Exponentials.Sigmoid, Exponentials.Gelu, (x, y) => Exponentials.ExpNonPositive(x, y),
            (x, y) => Exponentials.ExpDifference(x, shift, y), (x, y) => Exponentials.GeluBackward(x, shift, y) })
            for (int n = 0; n <= 260; n++)
            {
                var x = Sweep(-6, 0, Math.Max(n, 2))[..n];
                var all = new float[n];
                f(x, all);
                for (int i = 0; i < n; i++)
                {
                    var one = new float[1];
                    f(x.AsSpan(i, 1), one);
                    Assert.Equal(BitConverter.SingleToInt32Bits(all[i]), BitConverter.SingleToInt32Bits(one[0]));
                }
            }
    }

    [Fact]
    public void Exp_of_a_difference_is_exp_of_the_difference()
    {
        var x = Sweep(-30, 5, 101);
        var shift = Sweep(5, 6, 101);
        var expected = new float[x.Length];
        Exponentials.ExpNonPositive(x.Select((v, i) => v - shift[i]).ToArray(), expected);
        var actual = new float[x.Length];
        Exponentials.ExpDifference(x, shift, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void In_place_works()
    {
        var x = Sweep(-20, 0, 19);
        var expected = new float[x.Length];
        Exponentials.ExpNonPositive(x, expected);
        Exponentials.ExpNonPositive(x, x);
        Assert.Equal(expected, x);
    }
}
