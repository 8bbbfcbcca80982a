using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyNets.Kernels;

/// <summary>
/// The matrix products of a fully connected layer on unit-major data: an activation of <c>width</c> units over a batch
/// of <c>n</c> examples is <c>width × n</c> floats, each unit's n values contiguous. The forward and input-gradient
/// products vectorize along the batch, so they stay full-width for layers of 2 or 4 units; the weight gradient
/// vectorizes along the layer's inputs as a sum of rank-1 updates. Each is one register-blocked kernel, compiled for
/// 512-bit vectors where the hardware accelerates them and 256-bit ones otherwise.
/// </summary>
internal static class Gemm
{
    private static bool Wide => Simd.Wide;

    /// <summary>
    /// dst[r, :] = bias[r] (or 0) + Σ_k w(r, k) · src[k, :] for r &lt; rows, where w(r, k) = w[r·rowStride + k·reduceStride].
    /// With W [out, in]: the forward pass is (rowStride in, reduceStride 1); the input gradient Wᵀ·dy is (1, in).
    /// </summary>
    public static void MultiplyAccumulate(ReadOnlySpan<float> w, int rowStride, int reduceStride, ReadOnlySpan<float> bias,
        ReadOnlySpan<float> src, Span<float> dst, int rows, int reduce, int n)
    {
        if (src.Length < reduce * n || dst.Length < rows * n || (!bias.IsEmpty && bias.Length < rows)
            || (rows > 0 && reduce > 0 && w.Length <= (rows - 1) * rowStride + (reduce - 1) * reduceStride))
            throw new ArgumentException("buffers are smaller than the product");
        if (Wide) MultiplyAccumulate<Simd512, Vector512<float>>(w, rowStride, reduceStride, bias, src, dst, rows, reduce, n);
        else MultiplyAccumulate<Simd256, Vector256<float>>(w, rowStride, reduceStride, bias, src, dst, rows, reduce, n);
    }

    /// <summary>
    /// dW[o, i] = Σ_b dy[o, b] · x[i, b] and db[o] = Σ_b dy[o, b], overwriting both. A layer with at least a vector's
    /// worth of inputs transposes x into <paramref name="scratch"/> (n·in floats) and sums rank-1 updates along the
    /// inputs; a narrower one takes dot products along the batch, as its rows are shorter than a vector.
    /// </summary>
    public static void WeightGradient(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw, Span<float> db,
        Span<float> scratch, int n, int inWidth, int outWidth)
    {
        if (dy.Length < outWidth * n || x.Length < inWidth * n || dw.Length < outWidth * inWidth || db.Length < outWidth
            || scratch.Length < n * inWidth)
            throw new ArgumentException("buffers are smaller than the product");
        if (inWidth < (Wide ? Simd512.Lanes : Simd256.Lanes))
        {
            if (Wide) WeightGradientByDots<Simd512, Vector512<float>>(dy, x, dw, db, n, inWidth, outWidth);
            else WeightGradientByDots<Simd256, Vector256<float>>(dy, x, dw, db, n, inWidth, outWidth);
            return;
        }
        Layout.Transpose(x, scratch, inWidth, n);
        if (Wide) WeightGradient<Simd512, Vector512<float>>(dy, scratch, dw, db, n, inWidth, outWidth);
        else WeightGradient<Simd256, Vector256<float>>(dy, scratch, dw, db, n, inWidth, outWidth);
    }

    internal static void MultiplyAccumulate<S, V>(ReadOnlySpan<float> w, int rowStride, int reduceStride, ReadOnlySpan<float> bias,
        ReadOnlySpan<float> src, Span<float> dst, int rows, int reduce, int n)
        where S : ISimd<V> where V : struct
    {
        int lanes = S.Lanes;
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
            ref float d = ref Unsafe.Add(ref dRef, r * n);
            int c = 0;
            for (; c + 2 * lanes <= n; c += 2 * lanes)
            {
                V a0 = S.Broadcast(b0), a1 = S.Broadcast(b1), a2 = S.Broadcast(b2), a3 = S.Broadcast(b3);
                V e0 = a0, e1 = a1, e2 = a2, e3 = a3;
                for (int k = 0; k < reduce; k++)
                {
                    ref float s = ref Unsafe.Add(ref sRef, k * n + c);
                    V x0 = S.Load(ref s, 0), x1 = S.Load(ref s, lanes);
                    int wk = k * reduceStride;
                    V v0 = S.Broadcast(Unsafe.Add(ref w0, wk)), v1 = S.Broadcast(Unsafe.Add(ref w1, wk));
                    V v2 = S.Broadcast(Unsafe.Add(ref w2, wk)), v3 = S.Broadcast(Unsafe.Add(ref w3, wk));
                    a0 = S.MultiplyAdd(v0, x0, a0); e0 = S.MultiplyAdd(v0, x1, e0);
                    a1 = S.MultiplyAdd(v1, x0, a1); e1 = S.MultiplyAdd(v1, x1, e1);
                    a2 = S.MultiplyAdd(v2, x0, a2); e2 = S.MultiplyAdd(v2, x1, e2);
                    a3 = S.MultiplyAdd(v3, x0, a3); e3 = S.MultiplyAdd(v3, x1, e3);
                }
                S.Store(a0, ref d, c); S.Store(e0, ref d, c + lanes);
                S.Store(a1, ref d, n + c); S.Store(e1, ref d, n + c + lanes);
                S.Store(a2, ref d, 2 * n + c); S.Store(e2, ref d, 2 * n + c + lanes);
                S.Store(a3, ref d, 3 * n + c); S.Store(e3, ref d, 3 * n + c + lanes);
            }
            for (; c + lanes <= n; c += lanes)
            {
                V a0 = S.Broadcast(b0), a1 = S.Broadcast(b1), a2 = S.Broadcast(b2), a3 = S.Broadcast(b3);
                for (int k = 0; k < reduce; k++)
                {
                    V x0 = S.Load(ref sRef, k * n + c);
                    int wk = k * reduceStride;
                    a0 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref w0, wk)), x0, a0);
                    a1 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref w1, wk)), x0, a1);
                    a2 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref w2, wk)), x0, a2);
                    a3 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref w3, wk)), x0, a3);
                }
                S.Store(a0, ref d, c); S.Store(a1, ref d, n + c); S.Store(a2, ref d, 2 * n + c); S.Store(a3, ref d, 3 * n + c);
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
                Unsafe.Add(ref d, c) = s0; Unsafe.Add(ref d, n + c) = s1; Unsafe.Add(ref d, 2 * n + c) = s2; Unsafe.Add(ref d, 3 * n + c) = s3;
            }
        }
        for (; r < rows; r++)
        {
            float b0 = hasBias ? bias[r] : 0;
            ref float w0 = ref Unsafe.Add(ref wRef, r * rowStride);
            ref float d = ref Unsafe.Add(ref dRef, r * n);
            int c = 0;
            for (; c + lanes <= n; c += lanes)
            {
                V a0 = S.Broadcast(b0);
                for (int k = 0; k < reduce; k++)
                    a0 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref w0, k * reduceStride)), S.Load(ref sRef, k * n + c), a0);
                S.Store(a0, ref d, c);
            }
            for (; c < n; c++)
            {
                float s0 = b0;
                for (int k = 0; k < reduce; k++)
                    s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref w0, k * reduceStride), Unsafe.Add(ref sRef, k * n + c), s0);
                Unsafe.Add(ref d, c) = s0;
            }
        }
    }

    // xt is x transposed: [n, in], example b's inputs contiguous. dW[o, :] = Σ_b dy[o, b] · xt[b, :].
    internal static void WeightGradient<S, V>(ReadOnlySpan<float> dy, ReadOnlySpan<float> xt, Span<float> dw, Span<float> db,
        int n, int inWidth, int outWidth)
        where S : ISimd<V> where V : struct
    {
        int lanes = S.Lanes;
        ref float gRef = ref MemoryMarshal.GetReference(dy);
        ref float xRef = ref MemoryMarshal.GetReference(xt);
        ref float wRef = ref MemoryMarshal.GetReference(dw);
        for (int o = 0; o < outWidth; o++) db[o] = RowSum<S, V>(ref Unsafe.Add(ref gRef, o * n), n);
        int r = 0;
        for (; r + 4 <= outWidth; r += 4)
        {
            ref float g0 = ref Unsafe.Add(ref gRef, r * n);
            ref float g1 = ref Unsafe.Add(ref g0, n);
            ref float g2 = ref Unsafe.Add(ref g1, n);
            ref float g3 = ref Unsafe.Add(ref g2, n);
            ref float d = ref Unsafe.Add(ref wRef, r * inWidth);
            int i = 0;
            for (; i + 2 * lanes <= inWidth; i += 2 * lanes)
            {
                V a0 = S.Zero, a1 = S.Zero, a2 = S.Zero, a3 = S.Zero, e0 = S.Zero, e1 = S.Zero, e2 = S.Zero, e3 = S.Zero;
                for (int b = 0; b < n; b++)
                {
                    ref float xs = ref Unsafe.Add(ref xRef, b * inWidth + i);
                    V x0 = S.Load(ref xs, 0), x1 = S.Load(ref xs, lanes);
                    V v0 = S.Broadcast(Unsafe.Add(ref g0, b)), v1 = S.Broadcast(Unsafe.Add(ref g1, b));
                    V v2 = S.Broadcast(Unsafe.Add(ref g2, b)), v3 = S.Broadcast(Unsafe.Add(ref g3, b));
                    a0 = S.MultiplyAdd(v0, x0, a0); e0 = S.MultiplyAdd(v0, x1, e0);
                    a1 = S.MultiplyAdd(v1, x0, a1); e1 = S.MultiplyAdd(v1, x1, e1);
                    a2 = S.MultiplyAdd(v2, x0, a2); e2 = S.MultiplyAdd(v2, x1, e2);
                    a3 = S.MultiplyAdd(v3, x0, a3); e3 = S.MultiplyAdd(v3, x1, e3);
                }
                S.Store(a0, ref d, i); S.Store(e0, ref d, i + lanes);
                S.Store(a1, ref d, inWidth + i); S.Store(e1, ref d, inWidth + i + lanes);
                S.Store(a2, ref d, 2 * inWidth + i); S.Store(e2, ref d, 2 * inWidth + i + lanes);
                S.Store(a3, ref d, 3 * inWidth + i); S.Store(e3, ref d, 3 * inWidth + i + lanes);
            }
            for (; i + lanes <= inWidth; i += lanes)
            {
                V a0 = S.Zero, a1 = S.Zero, a2 = S.Zero, a3 = S.Zero;
                for (int b = 0; b < n; b++)
                {
                    V x0 = S.Load(ref xRef, b * inWidth + i);
                    a0 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref g0, b)), x0, a0);
                    a1 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref g1, b)), x0, a1);
                    a2 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref g2, b)), x0, a2);
                    a3 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref g3, b)), x0, a3);
                }
                S.Store(a0, ref d, i); S.Store(a1, ref d, inWidth + i); S.Store(a2, ref d, 2 * inWidth + i); S.Store(a3, ref d, 3 * inWidth + i);
            }
            for (; i < inWidth; i++)
            {
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int b = 0; b < n; b++)
                {
                    float x = Unsafe.Add(ref xRef, b * inWidth + i);
                    s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref g0, b), x, s0);
                    s1 = MathF.FusedMultiplyAdd(Unsafe.Add(ref g1, b), x, s1);
                    s2 = MathF.FusedMultiplyAdd(Unsafe.Add(ref g2, b), x, s2);
                    s3 = MathF.FusedMultiplyAdd(Unsafe.Add(ref g3, b), x, s3);
                }
                Unsafe.Add(ref d, i) = s0; Unsafe.Add(ref d, inWidth + i) = s1; Unsafe.Add(ref d, 2 * inWidth + i) = s2; Unsafe.Add(ref d, 3 * inWidth + i) = s3;
            }
        }
        for (; r < outWidth; r++)
        {
            ref float g0 = ref Unsafe.Add(ref gRef, r * n);
            ref float d = ref Unsafe.Add(ref wRef, r * inWidth);
            int i = 0;
            for (; i + lanes <= inWidth; i += lanes)
            {
                V a0 = S.Zero;
                for (int b = 0; b < n; b++)
                    a0 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref g0, b)), S.Load(ref xRef, b * inWidth + i), a0);
                S.Store(a0, ref d, i);
            }
            for (; i < inWidth; i++)
            {
                float s0 = 0;
                for (int b = 0; b < n; b++) s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref g0, b), Unsafe.Add(ref xRef, b * inWidth + i), s0);
                Unsafe.Add(ref d, i) = s0;
            }
        }
    }

    // x is unit-major [in, n]: each dW[o, i] is a dot product of two batch rows, four inputs at a time.
    internal static void WeightGradientByDots<S, V>(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw, Span<float> db,
        int n, int inWidth, int outWidth)
        where S : ISimd<V> where V : struct
    {
        int lanes = S.Lanes, vectorEnd = n - n % lanes;
        ref float gRef = ref MemoryMarshal.GetReference(dy);
        ref float xRef = ref MemoryMarshal.GetReference(x);
        for (int o = 0; o < outWidth; o++)
        {
            ref float g = ref Unsafe.Add(ref gRef, o * n);
            db[o] = RowSum<S, V>(ref g, n);
            int i = 0;
            for (; i + 4 <= inWidth; i += 4)
            {
                ref float x0 = ref Unsafe.Add(ref xRef, i * n);
                ref float x1 = ref Unsafe.Add(ref x0, n);
                ref float x2 = ref Unsafe.Add(ref x1, n);
                ref float x3 = ref Unsafe.Add(ref x2, n);
                V a0 = S.Zero, a1 = S.Zero, a2 = S.Zero, a3 = S.Zero;
                for (int c = 0; c < vectorEnd; c += lanes)
                {
                    V gv = S.Load(ref g, c);
                    a0 = S.MultiplyAdd(gv, S.Load(ref x0, c), a0);
                    a1 = S.MultiplyAdd(gv, S.Load(ref x1, c), a1);
                    a2 = S.MultiplyAdd(gv, S.Load(ref x2, c), a2);
                    a3 = S.MultiplyAdd(gv, S.Load(ref x3, c), a3);
                }
                float s0 = S.Sum(a0), s1 = S.Sum(a1), s2 = S.Sum(a2), s3 = S.Sum(a3);
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
                V a0 = S.Zero;
                for (int c = 0; c < vectorEnd; c += lanes) a0 = S.MultiplyAdd(S.Load(ref g, c), S.Load(ref x0, c), a0);
                float s0 = S.Sum(a0);
                for (int c = vectorEnd; c < n; c++) s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref g, c), Unsafe.Add(ref x0, c), s0);
                dw[o * inWidth + i] = s0;
            }
        }
    }

    private static float RowSum<S, V>(ref float row, int n) where S : ISimd<V> where V : struct
    {
        V acc = S.Zero;
        int c = 0;
        for (; c + S.Lanes <= n; c += S.Lanes) acc = S.Add(acc, S.Load(ref row, c));
        float sum = S.Sum(acc);
        for (; c < n; c++) sum += Unsafe.Add(ref row, c);
        return sum;
    }
}
