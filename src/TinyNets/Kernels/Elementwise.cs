using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyNets.Kernels;

/// <summary>
/// The per-step element-wise passes: activations and their derivatives, softmax's and the losses' passes, sums of
/// squares, scaling. Branch-free: with real data the sign of a pre-activation is a coin flip, and a mispredicted branch
/// per element cost more than all the arithmetic of a step. Own loops rather than TensorPrimitives, whose generic code
/// starts unoptimized in every process, where a short run spends much of its life (docs/BENCHMARKS.md, "TensorPrimitives
/// in a short run"); loops here are compiled optimized at once. Sums run in eight lanes in a fixed order, so they are
/// the same on every machine; the other passes do the same IEEE operations in their vector and scalar parts.
/// </summary>
internal static class Elementwise
{
    /// <summary>Σx², in eight lanes in a fixed order and the last values through a zero-padded vector: the same on every machine.</summary>
    public static float SumOfSquares(ReadOnlySpan<float> x)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        int n = x.Length, i = 0;
        var squares = Vector256<float>.Zero;
        for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
        {
            var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
            squares += v * v;
        }
        if (i < n)
        {
            Span<float> tail = stackalloc float[Vector256<float>.Count];
            tail.Clear();
            x[i..].CopyTo(tail);
            var last = Vector256.Create<float>(tail);
            squares += last * last;
        }
        return Vector256.Sum(squares);
    }

    /// <summary>x = k·x.</summary>
    public static void Scale(Span<float> x, float k)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        var factor = Vector256.Create(k);
        int n = x.Length, i = 0;
        for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
            (Vector256.LoadUnsafe(ref xr, (nuint)i) * factor).StoreUnsafe(ref xr, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref xr, i) *= k;
    }

    /// <summary>y = max(x, 0), NaN staying NaN (ReLU's forward).</summary>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y, int n)
    {
        Check(x, x, y, n);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int i = 0;
        for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
            Vector256.Max(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256<float>.Zero).StoreUnsafe(ref yr, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref yr, i) = Math.Max(Unsafe.Add(ref xr, i), 0f);
    }

    /// <summary>
    /// g = k·(p − t); returns Σ(p − t)² (MSE's loss and gradient in one pass). The sum runs in eight lanes in a fixed
    /// order, the last values in a zero-padded vector, so it is the same on every machine.
    /// </summary>
    public static float ScaledDifferences(ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> g, float k, int n)
    {
        Check(p, t, g, n);
        ref float pr = ref MemoryMarshal.GetReference(p);
        ref float tr = ref MemoryMarshal.GetReference(t);
        ref float gr = ref MemoryMarshal.GetReference(g);
        var scale = Vector256.Create(k);
        var squares = Vector256<float>.Zero;
        int i = 0;
        for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
        {
            var d = Vector256.LoadUnsafe(ref pr, (nuint)i) - Vector256.LoadUnsafe(ref tr, (nuint)i);
            squares += d * d;
            (d * scale).StoreUnsafe(ref gr, (nuint)i);
        }
        if (i < n)
        {
            Span<float> tail = stackalloc float[Vector256<float>.Count];
            tail.Clear();
            for (int j = i; j < n; j++)
            {
                float d = Unsafe.Add(ref pr, j) - Unsafe.Add(ref tr, j);
                tail[j - i] = d;
                Unsafe.Add(ref gr, j) = d * k;
            }
            var last = Vector256.Create<float>(tail);
            squares += last * last;
        }
        return Vector256.Sum(squares);
    }

    /// <summary>dx = dy where y &gt; 0, else 0 (ReLU's backward, from its output).</summary>
    public static void ReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int n)
    {
        Check(y, dy, dx, n);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float gr = ref MemoryMarshal.GetReference(dy);
        ref float xr = ref MemoryMarshal.GetReference(dx);
        int i = 0;
        for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
        {
            var mask = Vector256.GreaterThan(Vector256.LoadUnsafe(ref yr, (nuint)i), Vector256<float>.Zero);
            (Vector256.LoadUnsafe(ref gr, (nuint)i) & mask).StoreUnsafe(ref xr, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref xr, i) = Unsafe.Add(ref yr, i) > 0f ? Unsafe.Add(ref gr, i) : 0f;
    }

    /// <summary>y = x where x &gt; 0, else slope·x.</summary>
    public static void LeakyRelu(ReadOnlySpan<float> x, Span<float> y, float slope, int n)
    {
        Check(x, x, y, n);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        var s = Vector256.Create(slope);
        int i = 0;
        for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
        {
            var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
            Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, v * s).StoreUnsafe(ref yr, (nuint)i);
        }
        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref xr, i);
            Unsafe.Add(ref yr, i) = v > 0f ? v : v * slope;
        }
    }

    /// <summary>dx = dy where x &gt; 0, else slope·dy (PyTorch decides on the input, so x = 0 takes the slope).</summary>
    public static void LeakyReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, float slope, int n)
    {
        Check(x, dy, dx, n);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float gr = ref MemoryMarshal.GetReference(dy);
        ref float dr = ref MemoryMarshal.GetReference(dx);
        var s = Vector256.Create(slope);
        int i = 0;
        for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
        {
            var g = Vector256.LoadUnsafe(ref gr, (nuint)i);
            var mask = Vector256.GreaterThan(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256<float>.Zero);
            Vector256.ConditionalSelect(mask, g, g * s).StoreUnsafe(ref dr, (nuint)i);
        }
        for (; i < n; i++)
        {
            float g = Unsafe.Add(ref gr, i);
            Unsafe.Add(ref dr, i) = Unsafe.Add(ref xr, i) > 0f ? g : g * slope;
        }
    }

    /// <summary>dx = dy·y·(1 − y) (sigmoid's backward, from its output).</summary>
    public static void SigmoidBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int n)
    {
        Check(y, dy, dx, n);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float gr = ref MemoryMarshal.GetReference(dy);
        ref float xr = ref MemoryMarshal.GetReference(dx);
        int i = 0;
        for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
        {
            var v = Vector256.LoadUnsafe(ref yr, (nuint)i);
            (Vector256.LoadUnsafe(ref gr, (nuint)i) * v * (Vector256<float>.One - v)).StoreUnsafe(ref xr, (nuint)i);
        }
        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref yr, i);
            Unsafe.Add(ref xr, i) = Unsafe.Add(ref gr, i) * v * (1f - v);
        }
    }

    /// <summary>dx = dy·(1 − y²) (tanh's backward, from its output).</summary>
    public static void TanhBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int n)
    {
        Check(y, dy, dx, n);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float gr = ref MemoryMarshal.GetReference(dy);
        ref float xr = ref MemoryMarshal.GetReference(dx);
        int i = 0;
        for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
        {
            var v = Vector256.LoadUnsafe(ref yr, (nuint)i);
            (Vector256.LoadUnsafe(ref gr, (nuint)i) * (Vector256<float>.One - v * v)).StoreUnsafe(ref xr, (nuint)i);
        }
        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref yr, i);
            Unsafe.Add(ref xr, i) = Unsafe.Add(ref gr, i) * (1f - v * v);
        }
    }

    // The softmax and cross-entropy passes.

    /// <summary>acc = max(acc, x), NaN if either is NaN (as Math.Max).</summary>
    public static void MaxInto(ReadOnlySpan<float> x, Span<float> acc) => Combine<MaxOp>(acc, x);

    /// <summary>acc = acc + x.</summary>
    public static void AddInto(ReadOnlySpan<float> x, Span<float> acc) => Combine<AddOp>(acc, x);

    /// <summary>y = y / d.</summary>
    public static void DivideBy(Span<float> y, ReadOnlySpan<float> d) => Combine<DivideOp>(y, d);

    /// <summary>acc = acc + x·y (a product, then a sum: not fused).</summary>
    public static void MultiplyAddInto(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> acc)
    {
        int n = acc.Length;
        Check(x, y, acc, n);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float ar = ref MemoryMarshal.GetReference(acc);
        int i = 0;
        for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
        {
            var product = Vector256.LoadUnsafe(ref xr, (nuint)i) * Vector256.LoadUnsafe(ref yr, (nuint)i);
            (product + Vector256.LoadUnsafe(ref ar, (nuint)i)).StoreUnsafe(ref ar, (nuint)i);
        }
        for (; i < n; i++)
        {
            float product = Unsafe.Add(ref xr, i) * Unsafe.Add(ref yr, i);
            Unsafe.Add(ref ar, i) = product + Unsafe.Add(ref ar, i);
        }
    }

    /// <summary>dx = (dy − dot)·y: softmax's backward for one class row, given dot = Σ_c dy_c·y_c per example.</summary>
    public static void SoftmaxBackwardRow(ReadOnlySpan<float> dy, ReadOnlySpan<float> dot, ReadOnlySpan<float> y, Span<float> dx)
    {
        int n = dx.Length;
        Check(dy, dot, y, n);
        ref float gr = ref MemoryMarshal.GetReference(dy);
        ref float tr = ref MemoryMarshal.GetReference(dot);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float xr = ref MemoryMarshal.GetReference(dx);
        int i = 0;
        for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
            ((Vector256.LoadUnsafe(ref gr, (nuint)i) - Vector256.LoadUnsafe(ref tr, (nuint)i)) * Vector256.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref xr, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref xr, i) = (Unsafe.Add(ref gr, i) - Unsafe.Add(ref tr, i)) * Unsafe.Add(ref yr, i);
    }

    /// <summary>An element-wise a ∘ b, with a vector body and a scalar one doing the same IEEE operation.</summary>
    private interface IBinaryOp
    {
        static abstract Vector256<float> Invoke(Vector256<float> a, Vector256<float> b);
        static abstract float Invoke(float a, float b);
    }

    private readonly struct MaxOp : IBinaryOp
    {
        public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => Vector256.Max(a, b);
        public static float Invoke(float a, float b) => Math.Max(a, b);
    }

    private readonly struct AddOp : IBinaryOp
    {
        public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => a + b;
        public static float Invoke(float a, float b) => a + b;
    }

    private readonly struct DivideOp : IBinaryOp
    {
        public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => a / b;
        public static float Invoke(float a, float b) => a / b;
    }

    /// <summary>acc = acc ∘ x, element by element.</summary>
    private static void Combine<TOp>(Span<float> acc, ReadOnlySpan<float> x) where TOp : IBinaryOp
    {
        int n = acc.Length;
        Check(x, acc, acc, n);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float ar = ref MemoryMarshal.GetReference(acc);
        int i = 0;
        for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
            TOp.Invoke(Vector256.LoadUnsafe(ref ar, (nuint)i), Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref ar, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref ar, i) = TOp.Invoke(Unsafe.Add(ref ar, i), Unsafe.Add(ref xr, i));
    }

    private static void Check(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, int n)
    {
        if (a.Length < n || b.Length < n || c.Length < n) throw new ArgumentException($"buffers are shorter than {n}");
    }
}
