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

    /// <summary>
    /// A layer's unit-major output (unit u's batch values at <c>y[u·n .. u·n + n)</c>): Σy and Σy², the values outside
    /// [<paramref name="low"/>, <paramref name="high"/>] when <paramref name="countOutside"/> (saturated sigmoid or tanh
    /// units), and when <paramref name="countDead"/> the units that are at most 0 for the whole batch (dead ReLUs; a NaN
    /// keeps a unit alive). The sums and the saturation count take one vector pass over the whole layer, since unit
    /// boundaries do not matter to them; the dead-unit scan of a unit stops at its first value above 0, which for a
    /// live unit is usually among its first. Per unit sums cost a 4-row batch about twice as much (docs/BENCHMARKS.md).
    /// </summary>
    public static (float Sum, float Squares, int DeadUnits, int Outside) Activity(ReadOnlySpan<float> y, int n,
        bool countDead, bool countOutside, float low = 0, float high = 0)
    {
        int length = y.Length, i = 0;
        ref float r = ref MemoryMarshal.GetReference(y);
        Vector256<float> s = default, sq = default, lo = Vector256.Create(low), hi = Vector256.Create(high);
        Vector256<int> outsideLanes = default;
        for (; i + 8 <= length; i += 8)
        {
            var v = Vector256.LoadUnsafe(ref r, (nuint)i);
            s += v;
            sq = Vector256.FusedMultiplyAdd(v, v, sq);
            if (countOutside) outsideLanes -= (Vector256.LessThan(v, lo) | Vector256.GreaterThan(v, hi)).AsInt32();
        }
        if (i < length)   // the last partial vector: zeros in the other lanes, which must not count as outside
        {
            int count = length - i;
            var v = Simd256.LoadFirst(ref r, i, count);
            s += v;
            sq = Vector256.FusedMultiplyAdd(v, v, sq);
            if (countOutside)
                outsideLanes -= (Vector256.LessThan(v, lo) | Vector256.GreaterThan(v, hi)).AsInt32()
                    & Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count));
        }
        int dead = 0;
        if (countDead && n > 0 && n < Vector256<float>.Count)
            // A batch shorter than a vector: one partial load per unit (zeros in the other lanes, which do not fire), and
            // no branch on the values, which every 10th step are new to the branch predictor (xor: docs/BENCHMARKS.md).
            for (int u = 0, units = length / n; u < units; u++)
                dead += (~Vector256.LessThanOrEqual(Simd256.LoadFirst(ref r, u * n, n), Vector256<float>.Zero)).ExtractMostSignificantBits() == 0 ? 1 : 0;
        else if (countDead && n > 0)
            for (int u = 0, units = length / n; u < units; u++)
                if (!Fires(ref Unsafe.Add(ref r, u * n), n)) dead++;
        // One reduction for the three: the count is exact as a float up to 2^24 values, a layer of 16 million outputs.
        var sums = Simd.Sums<Simd256, Vector256<float>>(s, sq, Vector256.ConvertToSingle(outsideLanes), default);
        return (sums[0], sums[1], dead, (int)sums[2]);
    }

    // Whether any of the n values is not ≤ 0 (above zero, or NaN), stopping at the first.
    private static bool Fires(ref float unit, int n)
    {
        int i = 0;
        for (; i + 8 <= n; i += 8)
            if (~Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref unit, (nuint)i), Vector256<float>.Zero) != Vector256<float>.Zero)
                return true;
        for (; i < n; i++)
            if (!(Unsafe.Add(ref unit, i) <= 0f)) return true;
        return false;
    }
}
