using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyNets.Kernels;

/// <summary>
/// The recorder's sums, fused so each tensor is read once per hook: on small nets one library call per statistic
/// costs more than the arithmetic, and the recorder must stay within a few percent of a training step.
/// </summary>
internal static class Statistics
{
    /// <summary>Σg², Σv², and v copied into <paramref name="copy"/>, in one pass.</summary>
    public static (float GradSquares, float ValueSquares) SquaresAndCopy(ReadOnlySpan<float> grad, ReadOnlySpan<float> value, Span<float> copy)
    {
        int n = value.Length;
        if (grad.Length < n || copy.Length < n) throw new ArgumentException("buffers are shorter than the tensor");
        ref float g = ref MemoryMarshal.GetReference(grad);
        ref float v = ref MemoryMarshal.GetReference(value);
        ref float c = ref MemoryMarshal.GetReference(copy);
        Vector256<float> gs = default, vs = default;
        int i = 0;
        for (; i + 8 <= n; i += 8)
        {
            var gv = Vector256.LoadUnsafe(ref g, (nuint)i);
            var vv = Vector256.LoadUnsafe(ref v, (nuint)i);
            gs = Vector256.FusedMultiplyAdd(gv, gv, gs);
            vs = Vector256.FusedMultiplyAdd(vv, vv, vs);
            vv.StoreUnsafe(ref c, (nuint)i);
        }
        float gSum = Vector256.Sum(gs), vSum = Vector256.Sum(vs);
        for (; i < n; i++)
        {
            float gi = Unsafe.Add(ref g, i), vi = Unsafe.Add(ref v, i);
            gSum += gi * gi;
            vSum += vi * vi;
            Unsafe.Add(ref c, i) = vi;
        }
        return (gSum, vSum);
    }

    /// <summary>Σa² and Σ(a − b)², in one pass.</summary>
    public static (float Squares, float DistanceSquares) SquaresAndDistance(ReadOnlySpan<float> after, ReadOnlySpan<float> before)
    {
        int n = after.Length;
        if (before.Length < n) throw new ArgumentException("buffers are shorter than the tensor");
        ref float a = ref MemoryMarshal.GetReference(after);
        ref float b = ref MemoryMarshal.GetReference(before);
        Vector256<float> sq = default, dsq = default;
        int i = 0;
        for (; i + 8 <= n; i += 8)
        {
            var av = Vector256.LoadUnsafe(ref a, (nuint)i);
            var d = av - Vector256.LoadUnsafe(ref b, (nuint)i);
            sq = Vector256.FusedMultiplyAdd(av, av, sq);
            dsq = Vector256.FusedMultiplyAdd(d, d, dsq);
        }
        float s = Vector256.Sum(sq), ds = Vector256.Sum(dsq);
        for (; i < n; i++)
        {
            float ai = Unsafe.Add(ref a, i), di = ai - Unsafe.Add(ref b, i);
            s += ai * ai;
            ds += di * di;
        }
        return (s, ds);
    }

    /// <summary>Σx, Σx² and max x of one unit's batch values, in one pass.</summary>
    public static (float Sum, float Squares, float Max) SumSquaresMax(ReadOnlySpan<float> x)
    {
        int n = x.Length;
        ref float r = ref MemoryMarshal.GetReference(x);
        Vector256<float> s = default, sq = default, mx = Vector256.Create(float.NegativeInfinity);
        int i = 0;
        for (; i + 8 <= n; i += 8)
        {
            var v = Vector256.LoadUnsafe(ref r, (nuint)i);
            s += v;
            sq = Vector256.FusedMultiplyAdd(v, v, sq);
            mx = Vector256.Max(mx, v);
        }
        float sum = Vector256.Sum(s), squares = Vector256.Sum(sq), max = float.NegativeInfinity;
        for (int k = 0; k < 8 && n >= 8; k++) max = Math.Max(max, mx[k]);
        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref r, i);
            sum += v;
            squares += v * v;
            max = Math.Max(max, v);
        }
        return (sum, squares, max);
    }

    /// <summary>How many values lie outside [low, high].</summary>
    public static int CountOutside(ReadOnlySpan<float> x, float low, float high)
    {
        int count = 0;
        foreach (float v in x) count += v < low || v > high ? 1 : 0;
        return count;
    }
}
