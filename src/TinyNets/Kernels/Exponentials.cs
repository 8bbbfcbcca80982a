using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyNets.Kernels;

/// <summary>
/// e^x for x ≤ 0, tanh, the logistic sigmoid and the exact GELU over spans, in float with 256-bit vectors.
/// <para>Why not TensorPrimitives: its Exp, Tanh and Sigmoid widen every float to double (about 1.2, 2.0 and 1.4 ns an
/// element here), and in a short run much of that generic code still runs unoptimized: a tanh net trained 2.7-3.2x slower
/// than the same net with ReLU (docs/BENCHMARKS.md). These are loops in this assembly, compiled optimized at once.</para>
/// <para>Every element goes through the same vector code, the last few through a zero-padded vector, so a value does
/// not depend on where it sits in a span nor on the machine's vector width.</para>
/// </summary>
internal static class Exponentials
{
    private const float Log2E = 1.44269504088896341f;
    // ln 2 split in two (Cody and Waite): n·Ln2Hi is exact for the n that occur here.
    private const float Ln2Hi = 0.693359375f, Ln2Lo = -2.12194440e-4f;

    /// <summary>y = e^x, for x ≤ 0 (softmax's shifted scores); NaN stays NaN, below −104 the result is 0.</summary>
    public static void ExpNonPositive(ReadOnlySpan<float> x, Span<float> y) => Apply<ExpOp>(x, y);

    /// <summary>y = e^(x − shift), for x ≤ shift (softmax's and cross-entropy's shifted scores).</summary>
    public static void ExpDifference(ReadOnlySpan<float> x, ReadOnlySpan<float> shift, Span<float> y) => Apply<ExpDifferenceOp>(x, shift, y);

    /// <summary>y = tanh(x).</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => Apply<TanhOp>(x, y);

    /// <summary>y = 1 / (1 + e^(−x)), as e^(−|x|) / (1 + e^(−|x|)) for negative x so that nothing overflows.</summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) => Apply<SigmoidOp>(x, y);

    /// <summary>y = x·Φ(x), the exact (erf) GELU, Φ the standard normal distribution function.</summary>
    public static void Gelu(ReadOnlySpan<float> x, Span<float> y) => Apply<GeluOp>(x, y);

    /// <summary>dx = dy·(Φ(x) + x·φ(x)), the exact GELU's derivative (φ the standard normal density).</summary>
    public static void GeluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx) => Apply<GeluBackwardOp>(x, dy, dx);

    private readonly struct GeluOp : IOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x) => x * Phi(x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> GeluSlope(Vector256<float> x) =>
        Vector256.FusedMultiplyAdd(x * Exp(Vector256.Create(-0.5f) * x * x), Vector256.Create(0.3989422804014327f), Phi(x));

    /// <summary>
    /// Φ(x) = erfc(−x/√2)/2, erfc from the Chebyshev fit of Numerical Recipes' erfcc (fractional error below 1.2e-7 for
    /// every argument, so Φ stays accurate relative to itself far into the lower tail, where GELU is x·Φ(x)).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Phi(Vector256<float> x)
    {
        var z = Vector256.Abs(x) * Vector256.Create(0.70710678118654752f);
        var t = Vector256<float>.One / Vector256.FusedMultiplyAdd(Vector256.Create(0.5f), z, Vector256<float>.One);
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(0.17087277f), t, Vector256.Create(-0.82215223f));
        p = Vector256.FusedMultiplyAdd(p, t, Vector256.Create(1.48851587f));
        p = Vector256.FusedMultiplyAdd(p, t, Vector256.Create(-1.13520398f));
        p = Vector256.FusedMultiplyAdd(p, t, Vector256.Create(0.27886807f));
        p = Vector256.FusedMultiplyAdd(p, t, Vector256.Create(-0.18628806f));
        p = Vector256.FusedMultiplyAdd(p, t, Vector256.Create(0.09678418f));
        p = Vector256.FusedMultiplyAdd(p, t, Vector256.Create(0.37409196f));
        p = Vector256.FusedMultiplyAdd(p, t, Vector256.Create(1.00002368f));
        p = Vector256.FusedMultiplyAdd(p, t, Vector256.Create(-1.26551223f));
        // −z² = −x²/2 with x² split exactly in two (x·x and its rounding error, by FMA): in the lower tail the exponent
        // reaches −70, where one rounding of x² alone would move the result by 1e-5 of itself.
        var square = x * x;
        var squareError = Vector256.FusedMultiplyAdd(x, x, -square);
        var exponent = Vector256.FusedMultiplyAdd(Vector256.Create(-0.5f), square, p) - Vector256.Create(0.5f) * squareError;
        var erfc = t * Exp(exponent);   // erfc(|x|/√2)
        var half = Vector256.Create(0.5f) * erfc;
        // x ≥ 0: Φ = 1 − erfc(x/√2)/2; x < 0: Φ = erfc(|x|/√2)/2
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), half, Vector256<float>.One - half);
    }

    private interface IOp
    {
        static abstract Vector256<float> Invoke(Vector256<float> x);
    }

    private interface IOp2
    {
        static abstract Vector256<float> Invoke(Vector256<float> a, Vector256<float> b);
    }

    private readonly struct ExpDifferenceOp : IOp2
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> shift) => Exp(x - shift);
    }

    private readonly struct GeluBackwardOp : IOp2
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> dy) => dy * GeluSlope(x);
    }

    private readonly struct ExpOp : IOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x) => Exp(x);
    }

    private readonly struct TanhOp : IOp
    {
        // tanh x = x + x³·P(x²) below 0.625 (Cephes' tanhf polynomial); above, (1 − e)/(1 + e) with e = e^(−2|x|) ≤ 0.29,
        // which neither cancels nor overflows, and reaches ±1 from about |x| = 9.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x)
        {
            var a = Vector256.Abs(x);
            var z = x * x;
            var p = Vector256.FusedMultiplyAdd(Vector256.Create(-5.70498872745e-3f), z, Vector256.Create(2.06390887954e-2f));
            p = Vector256.FusedMultiplyAdd(p, z, Vector256.Create(-5.37397155531e-2f));
            p = Vector256.FusedMultiplyAdd(p, z, Vector256.Create(1.33314422036e-1f));
            p = Vector256.FusedMultiplyAdd(p, z, Vector256.Create(-3.33332819422e-1f));
            var small = Vector256.FusedMultiplyAdd(p * z, x, x);
            var e = Exp(Vector256.Create(-2f) * a);
            var large = (Vector256<float>.One - e) / (Vector256<float>.One + e);
            var magnitude = Vector256.ConditionalSelect(Vector256.LessThan(a, Vector256.Create(0.625f)), Vector256.Abs(small), large);
            return magnitude | (x & Vector256.Create(-0f));   // the sign of x, also for −0
        }
    }

    private readonly struct SigmoidOp : IOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x)
        {
            var e = Exp(-Vector256.Abs(x));
            var denominator = Vector256<float>.One + e;
            var numerator = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), e, Vector256<float>.One);
            return numerator / denominator;   // NaN in, NaN out: e is NaN
        }
    }

    /// <summary>
    /// e^x for x ≤ 0 (Cephes' expf): x = n·ln 2 + r with |r| ≤ ln 2 / 2, e^r from a degree-7 polynomial, then times 2ⁿ
    /// as two powers of two so that results down to the smallest subnormal come out right.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Exp(Vector256<float> x)
    {
        var clamped = Vector256.Max(x, Vector256.Create(-104f));
        var n = Vector256.Round(clamped * Vector256.Create(Log2E));
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), clamped);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), r);
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(1.9875691500e-4f), r, Vector256.Create(1.3981999507e-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(8.3334519073e-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(4.1665795894e-2f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.6666665459e-1f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(5.0000001201e-1f));
        var y = Vector256.FusedMultiplyAdd(p, r * r, r) + Vector256<float>.One;
        var k = Vector256.ConvertToInt32(n);
        var half = Vector256.ShiftRightArithmetic(k, 1);
        y *= Vector256.ShiftLeft(half + Vector256.Create(127), 23).AsSingle();
        y *= Vector256.ShiftLeft(k - half + Vector256.Create(127), 23).AsSingle();
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), y, x);   // NaN stays NaN
    }

    private static void Apply<TOp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) where TOp : IOp2
    {
        if (b.Length < a.Length || y.Length < a.Length) throw new ArgumentException("buffers are shorter than the input");
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int n = a.Length, i = 0;
        for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
            TOp.Invoke(Vector256.LoadUnsafe(ref ar, (nuint)i), Vector256.LoadUnsafe(ref br, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        if (i == n) return;
        Span<float> tailA = stackalloc float[Vector256<float>.Count], tailB = stackalloc float[Vector256<float>.Count];
        tailA.Clear();
        tailB.Clear();
        a[i..].CopyTo(tailA);
        b[i..n].CopyTo(tailB);
        TOp.Invoke(Vector256.Create<float>(tailA), Vector256.Create<float>(tailB)).CopyTo(tailA);
        tailA[..(n - i)].CopyTo(y[i..]);
    }

    private static void Apply<TOp>(ReadOnlySpan<float> x, Span<float> y) where TOp : IOp
    {
        if (y.Length < x.Length) throw new ArgumentException("the output is shorter than the input");
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int n = x.Length, i = 0;
        for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
            TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        if (i == n) return;
        Span<float> tail = stackalloc float[Vector256<float>.Count];
        tail.Clear();
        x[i..].CopyTo(tail);
        TOp.Invoke(Vector256.Create<float>(tail)).CopyTo(tail);
        tail[..(n - i)].CopyTo(y[i..]);
    }
}
