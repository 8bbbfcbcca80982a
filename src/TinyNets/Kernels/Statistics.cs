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
    /// One pass over a layer's unit-major output (unit u's batch values at <c>y[u·n .. u·n + n)</c>): Σy and Σy², the
    /// units that are at most 0 for the whole batch (dead ReLUs), and the values outside [<paramref name="low"/>,
    /// <paramref name="high"/>] when <paramref name="countOutside"/> (saturated sigmoid or tanh units). The sums run in
    /// vector lanes across the whole layer, so a unit costs no horizontal reduction.
    /// </summary>
    public static (double Sum, double Squares, int DeadUnits, int Outside) Activity(ReadOnlySpan<float> y, int n,
        bool countOutside, float low = 0, float high = 0)
    {
        int units = n == 0 ? 0 : y.Length / n, dead = 0, outside = 0;
        ref float r = ref MemoryMarshal.GetReference(y);
        Vector256<float> s = default, sq = default, lo = Vector256.Create(low), hi = Vector256.Create(high);
        Vector256<int> outsideLanes = default;
        float tailSum = 0, tailSquares = 0;
        for (int u = 0; u < units; u++)
        {
            ref float unit = ref Unsafe.Add(ref r, u * n);
            var positive = Vector256<float>.Zero;   // lanes that held a value not ≤ 0: above zero, or NaN
            int i = 0;
            for (; i + 8 <= n; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref unit, (nuint)i);
                s += v;
                sq = Vector256.FusedMultiplyAdd(v, v, sq);
                positive |= ~Vector256.LessThanOrEqual(v, Vector256<float>.Zero);
                if (countOutside) outsideLanes -= (Vector256.LessThan(v, lo) | Vector256.GreaterThan(v, hi)).AsInt32();
            }
            bool alive = positive != Vector256<float>.Zero;
            for (; i < n; i++)
            {
                float v = Unsafe.Add(ref unit, i);
                tailSum += v;
                tailSquares += v * v;
                alive |= !(v <= 0f);
                if (countOutside && (v < low || v > high)) outside++;
            }
            if (!alive) dead++;
        }
        outside += Vector256.Sum(outsideLanes);
        return ((double)Vector256.Sum(s) + tailSum, (double)Vector256.Sum(sq) + tailSquares, dead, outside);
    }
}
