using TinyNets.Kernels;
using TinyNets.Randomness;
using Xunit;
using static TinyNets.Tests.Numerics;

namespace TinyNets.Tests.Engine;

/// <summary>The matrix kernels against plain double-precision loops, over every batch length from 0 to past several vectors.</summary>
public sealed class GemmTests
{
    public static IEnumerable<object[]> Shapes()
    {
        int[] widths = [1, 2, 3, 4, 5, 7, 8, 9, 13];
        foreach (int rows in widths)
            foreach (int reduce in widths)
                yield return [rows, reduce];
    }

    private static readonly int[] BatchLengths = [.. Enumerable.Range(0, 41), 63, 64, 65, 127, 128, 129, 300];

    private static float[] Draw(int count, RandomStream random) => Enumerable.Range(0, count).Select(_ => (float)random.Normal()).ToArray();

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_and_transposed_products_match_plain_loops(int rows, int reduce)
    {
        var random = new RandomStream((ulong)(rows * 100 + reduce));
        float[] w = Draw(rows * reduce, random), bias = Draw(rows, random);
        foreach (int n in BatchLengths)
        {
            float[] src = Draw(reduce * n, random);
            var dst = new float[rows * n + 3];
            dst[^1] = 42;   // must stay untouched
            // W is [rows, reduce]: forward reads it by rows.
            Gemm.MultiplyAccumulate(w, reduce, 1, bias, src, dst, rows, reduce, n);
            var expected = new float[rows * n];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < n; c++)
                {
                    double s = bias[r];
                    for (int k = 0; k < reduce; k++) s += (double)w[r * reduce + k] * src[k * n + c];
                    expected[r * n + c] = (float)s;
                }
            AssertClose(expected, dst.AsSpan(0, rows * n), 1e-5, 1e-5, $"W·x, {rows}×{reduce}, n = {n}");
            Assert.Equal(42, dst[^1]);

            // The same W read by columns, without bias: Wᵀ·g with g [rows, n] gives [reduce, n].
            float[] g = Draw(rows * n, random);
            var back = new float[reduce * n];
            Gemm.MultiplyAccumulate(w, 1, reduce, [], g, back, reduce, rows, n);
            var expectedBack = new float[reduce * n];
            for (int k = 0; k < reduce; k++)
                for (int c = 0; c < n; c++)
                {
                    double s = 0;
                    for (int r = 0; r < rows; r++) s += (double)w[r * reduce + k] * g[r * n + c];
                    expectedBack[k * n + c] = (float)s;
                }
            AssertClose(expectedBack, back, 1e-5, 1e-5, $"Wᵀ·g, {rows}×{reduce}, n = {n}");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Weight_and_bias_gradients_match_plain_loops(int outWidth, int inWidth)
    {
        var random = new RandomStream((ulong)(outWidth * 1000 + inWidth));
        foreach (int n in BatchLengths)
        {
            float[] dy = Draw(outWidth * n, random), x = Draw(inWidth * n, random);
            var dw = Enumerable.Repeat(float.NaN, outWidth * inWidth).ToArray();   // overwritten, not accumulated
            var db = Enumerable.Repeat(float.NaN, outWidth).ToArray();
            Gemm.WeightGradient(dy, x, dw, db, n, inWidth, outWidth);
            var expectedW = new float[outWidth * inWidth];
            var expectedB = new float[outWidth];
            for (int o = 0; o < outWidth; o++)
            {
                double sb = 0;
                for (int c = 0; c < n; c++) sb += dy[o * n + c];
                expectedB[o] = (float)sb;
                for (int i = 0; i < inWidth; i++)
                {
                    double s = 0;
                    for (int c = 0; c < n; c++) s += (double)dy[o * n + c] * x[i * n + c];
                    expectedW[o * inWidth + i] = (float)s;
                }
            }
            AssertClose(expectedW, dw, 1e-5, 1e-4, $"dW {outWidth}×{inWidth}, n = {n}");
            AssertClose(expectedB, db, 1e-5, 1e-4, $"db {outWidth}, n = {n}");
        }
    }

    [Fact]
    public void Transpose_round_trips()
    {
        float[] rows = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        var units = UnitMajor(rows, 3, 4);
        Assert.Equal([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11], units);
        Assert.Equal(rows, ExampleMajor(units, 3, 4));
    }
}
