using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyNets.Kernels;

/// <summary>
/// The matrix products of a fully connected layer on unit-major data: an activation of <c>width</c> units over a batch
/// of <c>n</c> examples is <c>width × n</c> floats, each unit's n values contiguous. Vectorizing over the batch keeps
/// every lane busy even when a layer has 2 or 4 units, where row-major dot products would be shorter than one vector.
/// </summary>
internal static class Gemm
{
    private const int Lanes = 8;   // Vector256<float>

    /// <summary>
    /// dst[r, :] = bias[r] (or 0) + Σ_k w(r, k) · src[k, :] for r &lt; rows, where w(r, k) = w[r·rowStride + k·reduceStride].
    /// With W [out, in]: the forward pass is (rowStride in, reduceStride 1); the input gradient Wᵀ·dy is (1, in).
    /// </summary>
    public static void MultiplyAccumulate(ReadOnlySpan<float> w, int rowStride, int reduceStride, ReadOnlySpan<float> bias,
        ReadOnlySpan<float> src, Span<float> dst, int rows, int reduce, int n)
    {
        if (src.Length < reduce * n || dst.Length < rows * n) throw new ArgumentException("buffers are smaller than the product");
        ref float wRef = ref MemoryMarshal.GetReference(w);
        ref float sRef = ref MemoryMarshal.GetReference(src);
        ref float dRef = ref MemoryMarshal.GetReference(dst);
        bool hasBias = !bias.IsEmpty;
        int r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            float b0 = hasBias ? bias[r] : 0, b1 = hasBias ? bias[r + 1] : 0, b2 = hasBias ? bias[r + 2] : 0, b3 = hasBias ? bias[r + 3] : 0;
            ref float w0 = ref Unsafe.Add(ref wRef, r * rowStride);
            ref float w1 = ref Unsafe.Add(ref w0, rowStride);
            ref float w2 = ref Unsafe.Add(ref w1, rowStride);
            ref float w3 = ref Unsafe.Add(ref w2, rowStride);
            int c = 0;
            for (; c + 2 * Lanes <= n; c += 2 * Lanes)
            {
                Vector256<float> a0 = Vector256.Create(b0), a1 = Vector256.Create(b1), a2 = Vector256.Create(b2), a3 = Vector256.Create(b3);
                Vector256<float> e0 = a0, e1 = a1, e2 = a2, e3 = a3;
                for (int k = 0; k < reduce; k++)
                {
                    ref float s = ref Unsafe.Add(ref sRef, k * n + c);
                    var x0 = Vector256.LoadUnsafe(ref s);
                    var x1 = Vector256.LoadUnsafe(ref s, Lanes);
                    int wk = k * reduceStride;
                    var v0 = Vector256.Create(Unsafe.Add(ref w0, wk));
                    var v1 = Vector256.Create(Unsafe.Add(ref w1, wk));
                    var v2 = Vector256.Create(Unsafe.Add(ref w2, wk));
                    var v3 = Vector256.Create(Unsafe.Add(ref w3, wk));
                    a0 = Vector256.FusedMultiplyAdd(v0, x0, a0); e0 = Vector256.FusedMultiplyAdd(v0, x1, e0);
                    a1 = Vector256.FusedMultiplyAdd(v1, x0, a1); e1 = Vector256.FusedMultiplyAdd(v1, x1, e1);
                    a2 = Vector256.FusedMultiplyAdd(v2, x0, a2); e2 = Vector256.FusedMultiplyAdd(v2, x1, e2);
                    a3 = Vector256.FusedMultiplyAdd(v3, x0, a3); e3 = Vector256.FusedMultiplyAdd(v3, x1, e3);
                }
                ref float d = ref Unsafe.Add(ref dRef, r * n + c);
                a0.StoreUnsafe(ref d); e0.StoreUnsafe(ref d, Lanes);
                a1.StoreUnsafe(ref d, (nuint)n); e1.StoreUnsafe(ref d, (nuint)(n + Lanes));
                a2.StoreUnsafe(ref d, (nuint)(2 * n)); e2.StoreUnsafe(ref d, (nuint)(2 * n + Lanes));
                a3.StoreUnsafe(ref d, (nuint)(3 * n)); e3.StoreUnsafe(ref d, (nuint)(3 * n + Lanes));
            }
            for (; c < n; c++)
            {
                float s0 = b0, s1 = b1, s2 = b2, s3 = b3;
                for (int k = 0; k < reduce; k++)
                {
                    float x = Unsafe.Add(ref sRef, k * n + c);
                    int wk = k * reduceStride;
                    s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref w0, wk), x, s0);
                    s1 = MathF.FusedMultiplyAdd(Unsafe.Add(ref w1, wk), x, s1);
                    s2 = MathF.FusedMultiplyAdd(Unsafe.Add(ref w2, wk), x, s2);
                    s3 = MathF.FusedMultiplyAdd(Unsafe.Add(ref w3, wk), x, s3);
                }
                ref float d = ref Unsafe.Add(ref dRef, r * n + c);
                d = s0; Unsafe.Add(ref d, n) = s1; Unsafe.Add(ref d, 2 * n) = s2; Unsafe.Add(ref d, 3 * n) = s3;
            }
        }
        for (; r < rows; r++)
        {
            float b0 = hasBias ? bias[r] : 0;
            ref float w0 = ref Unsafe.Add(ref wRef, r * rowStride);
            int c = 0;
            for (; c + Lanes <= n; c += Lanes)
            {
                var a0 = Vector256.Create(b0);
                for (int k = 0; k < reduce; k++)
                    a0 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref w0, k * reduceStride)), Vector256.LoadUnsafe(ref Unsafe.Add(ref sRef, k * n + c)), a0);
                a0.StoreUnsafe(ref Unsafe.Add(ref dRef, r * n + c));
            }
            for (; c < n; c++)
            {
                float s0 = b0;
                for (int k = 0; k < reduce; k++)
                    s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref w0, k * reduceStride), Unsafe.Add(ref sRef, k * n + c), s0);
                Unsafe.Add(ref dRef, r * n + c) = s0;
            }
        }
    }

    /// <summary>dW[o, i] = Σ_b dy[o, b] · x[i, b] and db[o] = Σ_b dy[o, b], overwriting both.</summary>
    public static void WeightGradient(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw, Span<float> db,
        int n, int inWidth, int outWidth)
    {
        if (dy.Length < outWidth * n || x.Length < inWidth * n || dw.Length < outWidth * inWidth || db.Length < outWidth)
            throw new ArgumentException("buffers are smaller than the product");
        ref float gRef = ref MemoryMarshal.GetReference(dy);
        ref float xRef = ref MemoryMarshal.GetReference(x);
        int vectorEnd = n - n % Lanes;
        for (int o = 0; o < outWidth; o++)
        {
            ref float g = ref Unsafe.Add(ref gRef, o * n);
            db[o] = Sum(ref g, n, vectorEnd);
            int i = 0;
            for (; i + 4 <= inWidth; i += 4)
            {
                ref float x0 = ref Unsafe.Add(ref xRef, i * n);
                ref float x1 = ref Unsafe.Add(ref x0, n);
                ref float x2 = ref Unsafe.Add(ref x1, n);
                ref float x3 = ref Unsafe.Add(ref x2, n);
                Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (int c = 0; c < vectorEnd; c += Lanes)
                {
                    var gv = Vector256.LoadUnsafe(ref g, (nuint)c);
                    a0 = Vector256.FusedMultiplyAdd(gv, Vector256.LoadUnsafe(ref x0, (nuint)c), a0);
                    a1 = Vector256.FusedMultiplyAdd(gv, Vector256.LoadUnsafe(ref x1, (nuint)c), a1);
                    a2 = Vector256.FusedMultiplyAdd(gv, Vector256.LoadUnsafe(ref x2, (nuint)c), a2);
                    a3 = Vector256.FusedMultiplyAdd(gv, Vector256.LoadUnsafe(ref x3, (nuint)c), a3);
                }
                float s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3);
                for (int c = vectorEnd; c < n; c++)
                {
                    float gc = Unsafe.Add(ref g, c);
                    s0 = MathF.FusedMultiplyAdd(gc, Unsafe.Add(ref x0, c), s0);
                    s1 = MathF.FusedMultiplyAdd(gc, Unsafe.Add(ref x1, c), s1);
                    s2 = MathF.FusedMultiplyAdd(gc, Unsafe.Add(ref x2, c), s2);
                    s3 = MathF.FusedMultiplyAdd(gc, Unsafe.Add(ref x3, c), s3);
                }
                int at = o * inWidth + i;
                dw[at] = s0; dw[at + 1] = s1; dw[at + 2] = s2; dw[at + 3] = s3;
            }
            for (; i < inWidth; i++)
            {
                ref float x0 = ref Unsafe.Add(ref xRef, i * n);
                Vector256<float> a0 = default;
                for (int c = 0; c < vectorEnd; c += Lanes)
                    a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref g, (nuint)c), Vector256.LoadUnsafe(ref x0, (nuint)c), a0);
                float s0 = Vector256.Sum(a0);
                for (int c = vectorEnd; c < n; c++) s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref g, c), Unsafe.Add(ref x0, c), s0);
                dw[o * inWidth + i] = s0;
            }
        }
    }

    private static float Sum(ref float v, int n, int vectorEnd)
    {
        Vector256<float> a = default;
        for (int c = 0; c < vectorEnd; c += Lanes) a += Vector256.LoadUnsafe(ref v, (nuint)c);
        float s = Vector256.Sum(a);
        for (int c = vectorEnd; c < n; c++) s += Unsafe.Add(ref v, c);
        return s;
    }
}
