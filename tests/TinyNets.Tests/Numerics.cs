using Xunit.Sdk;

namespace TinyNets.Tests;

internal static class Numerics
{
    /// <summary>torch.allclose: |actual − expected| ≤ atol + rtol·|expected| for every element, reporting the worst one.</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double rtol, double atol, string what)
    {
        if (expected.Length != actual.Length)
            throw new XunitException($"{what}: expected {expected.Length} values, got {actual.Length}");
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double excess = Math.Abs((double)actual[i] - expected[i]) - (atol + rtol * Math.Abs(expected[i]));
            if (double.IsNaN(actual[i]) != double.IsNaN(expected[i]) || excess > worstExcess)
            {
                worst = i;
                worstExcess = double.IsNaN(excess) ? double.PositiveInfinity : excess;
            }
        }
        if (worst >= 0)
            throw new XunitException($"{what}: element {worst} is {actual[worst]:R}, expected {expected[worst]:R} (rtol {rtol}, atol {atol})");
    }

    /// <summary>PyTorch's [batch, width] rows as TinyNets' unit-major [width, batch].</summary>
    public static float[] UnitMajor(float[] rows, int batch, int width)
    {
        var t = new float[rows.Length];
        TinyNets.Kernels.Layout.Transpose(rows, t, batch, width);
        return t;
    }

    /// <summary>Unit-major [width, batch] back to PyTorch's [batch, width] rows.</summary>
    public static float[] ExampleMajor(ReadOnlySpan<float> units, int batch, int width)
    {
        var t = new float[units.Length];
        TinyNets.Kernels.Layout.Transpose(units, t, width, batch);
        return t;
    }

    public static void AssertClose(double expected, double actual, double rtol, double atol, string what) =>
        AssertClose([(float)expected], [(float)actual], rtol, atol, what);
}
