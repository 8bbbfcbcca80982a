using System.Runtime.Intrinsics;
using TinyNets.Kernels;
using TinyNets.Randomness;
using Xunit;
using static TinyNets.Tests.Numerics;

namespace TinyNets.Tests.Engine;

/// <summary>The matrix kernels against plain double-precision loops, over every batch length from 0 to past several vectors.</summary>
public sealed class GemmTests
{
    /// <summary>Both vector widths on every machine (512-bit vectors are emulated where not accelerated).</summary>
    public static IEnumerable<object[]> Shapes()
    {
        int[] widths = [1, 2, 3, 4, 5, 7, 8, 9, 13, 17, 33];
        foreach (int bits in new[] { 256, 512 })
            foreach (int rows in widths)
                foreach (int reduce in widths)
                    yield return [bits, rows, reduce];
    }

    private static void MultiplyAccumulate(int bits, ReadOnlySpan<float> w, int rowStride, int reduceStride, ReadOnlySpan<float> bias,
        ReadOnlySpan<float> src, Span<float> dst, int rows, int reduce, int n)
    {
        if (bits == 256) Gemm.MultiplyAccumulate<Simd256, Vector256<float>>(w, rowStride, reduceStride, bias, src, dst, rows, reduce, n, n);
        else Gemm.MultiplyAccumulate<Simd512, Vector512<float>>(w, rowStride, reduceStride, bias, src, dst, rows, reduce, n, n);
    }

    /// <summary>Both algorithms of the weight gradient, rank-1 updates and dot products, at the given width.</summary>
    private static void WeightGradient(int bits, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw, Span<float> db, int n, int inWidth, int outWidth,
        bool byDots = false)
    {
        var xt = UnitMajor(x.ToArray(), inWidth, n);   // [in, n] to [n, in]
        if (byDots && bits == 256) Gemm.WeightGradientByDots<Simd256, Vector256<float>>(dy, x, dw, db, n, inWidth, outWidth);
        else if (byDots) Gemm.WeightGradientByDots<Simd512, Vector512<float>>(dy, x, dw, db, n, inWidth, outWidth);
        else if (bits == 256) Gemm.WeightGradient<Simd256, Vector256<float>>(dy, xt, dw, db, n, inWidth, outWidth);
        else Gemm.WeightGradient<Simd512, Vector512<float>>(dy, xt, dw, db, n, inWidth, outWidth);
    }

    private static readonly int[] BatchLengths = [.. Enumerable.Range(0, 41), 63, 64, 65, 127, 128, 129, 300];

    private static float[] Draw(int count, RandomStream random) => Enumerable.Range(0, count).Select(_ => (float)random.Normal()).ToArray();

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_and_transposed_products_match_plain_loops(int bits, int rows, int reduce)
    {
        var random = new RandomStream((ulong)(rows * 100 + reduce));
        float[] w = Draw(rows * reduce, random), bias = Draw(rows, random);
        foreach (int n in BatchLengths)
        {
            float[] src = Draw(reduce * n, random);
            var dst = new float[rows * n + 3];
            dst[^1] = 42;   // must stay untouched
            // W is [rows, reduce]: forward reads it by rows.
            MultiplyAccumulate(bits, w, reduce, 1, bias, src, dst, rows, reduce, n);
            var expected = new float[rows * n];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < n; c++)
                {
                    double s = bias[r];
                    for (int k = 0; k < reduce; k++) s += (double)w[r * reduce + k] * src[k * n + c];
                    expected[r * n + c] = (float)s;
                }
            AssertClose(expected, dst.AsSpan(0, rows * n), 1e-5, 1e-5, $"{bits}-bit W·x, {rows}×{reduce}, n = {n}");
            Assert.Equal(42, dst[^1]);

            // The same W read by columns, without bias: Wᵀ·g with g [rows, n] gives [reduce, n].
            float[] g = Draw(rows * n, random);
            var back = new float[reduce * n];
            MultiplyAccumulate(bits, w, 1, reduce, [], g, back, reduce, rows, n);
            var expectedBack = new float[reduce * n];
            for (int k = 0; k < reduce; k++)
                for (int c = 0; c < n; c++)
                {
                    double s = 0;
                    for (int r = 0; r < rows; r++) s += (double)w[r * reduce + k] * g[r * n + c];
                    expectedBack[k * n + c] = (float)s;
                }
            AssertClose(expectedBack, back, 1e-5, 1e-5, $"{bits}-bit Wᵀ·g, {rows}×{reduce}, n = {n}");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Weight_and_bias_gradients_match_plain_loops(int bits, int outWidth, int inWidth)
    {
        var random = new RandomStream((ulong)(outWidth * 1000 + inWidth));
        foreach (int n in BatchLengths)
        {
            float[] dy = Draw(outWidth * n, random), x = Draw(inWidth * n, random);
            foreach (bool byDots in new[] { false, true })
            {
            var dw = Enumerable.Repeat(float.NaN, outWidth * inWidth).ToArray();   // overwritten, not accumulated
            var db = Enumerable.Repeat(float.NaN, outWidth).ToArray();
            WeightGradient(bits, dy, x, dw, db, n, inWidth, outWidth, byDots);
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
            AssertClose(expectedW, dw, 1e-5, 1e-4, $"{bits}-bit dW {(byDots ? "by dots" : "by rank-1 updates")} {outWidth}×{inWidth}, n = {n}");
            AssertClose(expectedB, db, 1e-5, 1e-4, $"{bits}-bit db {outWidth}, n = {n}");
            }
        }
    }

    [Fact]
    public void Public_entry_points_check_their_buffers_and_agree_with_the_kernels()
    {
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyAccumulate(new float[6], 3, 1, [], new float[6], new float[5], 2, 3, 3));
        Assert.Throws<ArgumentException>(() => Gemm.WeightGradient(new float[6], new float[6], new float[4], new float[2], new float[5], 3, 2, 2));
        var random = new RandomStream(77);
        float[] dy = Draw(3 * 50, random), x = Draw(20 * 50, random);
        float[] dw = new float[60], db = new float[3], expectedW = new float[60], expectedB = new float[3];
        Gemm.WeightGradient(dy, x, dw, db, new float[1000], 50, 20, 3);   // 20 inputs: rank-1 updates at either width
        WeightGradient(Vector512.IsHardwareAccelerated ? 512 : 256, dy, x, expectedW, expectedB, 50, 20, 3);
        Assert.Equal(expectedW, dw);
        Assert.Equal(expectedB, db);
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
