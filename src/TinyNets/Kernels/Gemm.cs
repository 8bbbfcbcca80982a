using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    /// The eight-row tiles hold 16 accumulators, two inputs and a broadcast: they fit in AVX-512's 32 vector registers
    /// (for 256-bit vectors too), but AVX2's 16 would spill accumulators to the stack in the innermost loop, which made
    /// them 15-20% slower than four-row tiles on a Zen 2 core (docs/BENCHMARKS.md).
    /// </summary>
    private static readonly bool EightRowTiles = Avx512F.VL.IsSupported;

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
        if (Wide) MultiplyAccumulate<Simd512, Vector512<float>>(w, rowStride, reduceStride, bias, src, dst, rows, reduce, n, n);
        else MultiplyAccumulate<Simd256, Vector256<float>>(w, rowStride, reduceStride, bias, src, dst, rows, reduce, n, n);
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
        ReadOnlySpan<float> src, Span<float> dst, int rows, int reduce, int n, int stride)
        where S : ISimd<V> where V : struct
    {
        int lanes = S.Lanes;
        ref float wRef = ref MemoryMarshal.GetReference(w);
        ref float sRef = ref MemoryMarshal.GetReference(src);
        ref float dRef = ref MemoryMarshal.GetReference(dst);
        bool hasBias = !bias.IsEmpty;
        int r = 0;
        int fullChunks = n - n % (2 * lanes);
        // Eight rows by two vectors: 16 accumulators, one broadcast per FMA pair. Wide layers spend most time here.
        for (; r + 8 <= rows && fullChunks > 0 && EightRowTiles; r += 8)
        {
            ref float w0 = ref Unsafe.Add(ref wRef, r * rowStride);
            ref float d = ref Unsafe.Add(ref dRef, r * stride);
            for (int c = 0; c < fullChunks; c += 2 * lanes)
            {
                V a0 = S.Broadcast(hasBias ? bias[r] : 0), a1 = S.Broadcast(hasBias ? bias[r + 1] : 0);
                V a2 = S.Broadcast(hasBias ? bias[r + 2] : 0), a3 = S.Broadcast(hasBias ? bias[r + 3] : 0);
                V a4 = S.Broadcast(hasBias ? bias[r + 4] : 0), a5 = S.Broadcast(hasBias ? bias[r + 5] : 0);
                V a6 = S.Broadcast(hasBias ? bias[r + 6] : 0), a7 = S.Broadcast(hasBias ? bias[r + 7] : 0);
                V e0 = a0, e1 = a1, e2 = a2, e3 = a3, e4 = a4, e5 = a5, e6 = a6, e7 = a7;
                for (int k = 0; k < reduce; k++)
                {
                    ref float s = ref Unsafe.Add(ref sRef, k * stride + c);
                    V x0 = S.Load(ref s, 0), x1 = S.Load(ref s, lanes);
                    ref float wk = ref Unsafe.Add(ref w0, k * reduceStride);
                    V v = S.Broadcast(wk); a0 = S.MultiplyAdd(v, x0, a0); e0 = S.MultiplyAdd(v, x1, e0);
                    v = S.Broadcast(Unsafe.Add(ref wk, rowStride)); a1 = S.MultiplyAdd(v, x0, a1); e1 = S.MultiplyAdd(v, x1, e1);
                    v = S.Broadcast(Unsafe.Add(ref wk, 2 * rowStride)); a2 = S.MultiplyAdd(v, x0, a2); e2 = S.MultiplyAdd(v, x1, e2);
                    v = S.Broadcast(Unsafe.Add(ref wk, 3 * rowStride)); a3 = S.MultiplyAdd(v, x0, a3); e3 = S.MultiplyAdd(v, x1, e3);
                    v = S.Broadcast(Unsafe.Add(ref wk, 4 * rowStride)); a4 = S.MultiplyAdd(v, x0, a4); e4 = S.MultiplyAdd(v, x1, e4);
                    v = S.Broadcast(Unsafe.Add(ref wk, 5 * rowStride)); a5 = S.MultiplyAdd(v, x0, a5); e5 = S.MultiplyAdd(v, x1, e5);
                    v = S.Broadcast(Unsafe.Add(ref wk, 6 * rowStride)); a6 = S.MultiplyAdd(v, x0, a6); e6 = S.MultiplyAdd(v, x1, e6);
                    v = S.Broadcast(Unsafe.Add(ref wk, 7 * rowStride)); a7 = S.MultiplyAdd(v, x0, a7); e7 = S.MultiplyAdd(v, x1, e7);
                }
                S.Store(a0, ref d, c); S.Store(e0, ref d, c + lanes);
                S.Store(a1, ref d, stride + c); S.Store(e1, ref d, stride + c + lanes);
                S.Store(a2, ref d, 2 * stride + c); S.Store(e2, ref d, 2 * stride + c + lanes);
                S.Store(a3, ref d, 3 * stride + c); S.Store(e3, ref d, 3 * stride + c + lanes);
                S.Store(a4, ref d, 4 * stride + c); S.Store(e4, ref d, 4 * stride + c + lanes);
                S.Store(a5, ref d, 5 * stride + c); S.Store(e5, ref d, 5 * stride + c + lanes);
                S.Store(a6, ref d, 6 * stride + c); S.Store(e6, ref d, 6 * stride + c + lanes);
                S.Store(a7, ref d, 7 * stride + c); S.Store(e7, ref d, 7 * stride + c + lanes);
            }
            if (fullChunks < n)   // the rest of the batch for these eight rows, four at a time
            {
                MultiplyAccumulate<S, V>(w.Slice(r * rowStride), rowStride, reduceStride, hasBias ? bias.Slice(r, 8) : [],
                    src.Slice(fullChunks), dst.Slice(r * stride + fullChunks), 8, reduce, n - fullChunks, stride);
            }
        }
        for (; r + 4 <= rows; r += 4)
        {
            float b0 = hasBias ? bias[r] : 0, b1 = hasBias ? bias[r + 1] : 0, b2 = hasBias ? bias[r + 2] : 0, b3 = hasBias ? bias[r + 3] : 0;
            ref float w0 = ref Unsafe.Add(ref wRef, r * rowStride);
            ref float w1 = ref Unsafe.Add(ref w0, rowStride);
            ref float w2 = ref Unsafe.Add(ref w1, rowStride);
            ref float w3 = ref Unsafe.Add(ref w2, rowStride);
            ref float d = ref Unsafe.Add(ref dRef, r * stride);
            int c = FourRowsByTwoVectors<S, V>(ref w0, rowStride, reduceStride, b0, b1, b2, b3, ref sRef, ref d, reduce, n, stride);
            for (; c + lanes <= n; c += lanes)
            {
                V a0 = S.Broadcast(b0), a1 = S.Broadcast(b1), a2 = S.Broadcast(b2), a3 = S.Broadcast(b3);
                for (int k = 0; k < reduce; k++)
                {
                    V x0 = S.Load(ref sRef, k * stride + c);
                    int wk = k * reduceStride;
                    a0 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref w0, wk)), x0, a0);
                    a1 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref w1, wk)), x0, a1);
                    a2 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref w2, wk)), x0, a2);
                    a3 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref w3, wk)), x0, a3);
                }
                S.Store(a0, ref d, c); S.Store(a1, ref d, stride + c); S.Store(a2, ref d, 2 * stride + c); S.Store(a3, ref d, 3 * stride + c);
            }
            for (; c < n; c++)
            {
                float s0 = b0, s1 = b1, s2 = b2, s3 = b3;
                for (int k = 0; k < reduce; k++)
                {
                    float x = Unsafe.Add(ref sRef, k * stride + c);
                    int wk = k * reduceStride;
                    s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref w0, wk), x, s0);
                    s1 = MathF.FusedMultiplyAdd(Unsafe.Add(ref w1, wk), x, s1);
                    s2 = MathF.FusedMultiplyAdd(Unsafe.Add(ref w2, wk), x, s2);
                    s3 = MathF.FusedMultiplyAdd(Unsafe.Add(ref w3, wk), x, s3);
                }
                Unsafe.Add(ref d, c) = s0; Unsafe.Add(ref d, stride + c) = s1; Unsafe.Add(ref d, 2 * stride + c) = s2; Unsafe.Add(ref d, 3 * stride + c) = s3;
            }
        }
        for (; r < rows; r++)
        {
            float b0 = hasBias ? bias[r] : 0;
            ref float w0 = ref Unsafe.Add(ref wRef, r * rowStride);
            ref float d = ref Unsafe.Add(ref dRef, r * stride);
            int c = 0;
            for (; c + lanes <= n; c += lanes)
            {
                V a0 = S.Broadcast(b0);
                for (int k = 0; k < reduce; k++)
                    a0 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref w0, k * reduceStride)), S.Load(ref sRef, k * stride + c), a0);
                S.Store(a0, ref d, c);
            }
            for (; c < n; c++)
            {
                float s0 = b0;
                for (int k = 0; k < reduce; k++)
                    s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref w0, k * reduceStride), Unsafe.Add(ref sRef, k * stride + c), s0);
                Unsafe.Add(ref d, c) = s0;
            }
        }
    }

    /// <summary>
    /// Four rows of the product by two vectors of the batch at a time, for as many whole pairs of vectors as fit in
    /// <paramref name="n"/>; returns where they end. A method of its own, stepping references through the innermost
    /// loop: inside the larger method the JIT kept the loop's strides on the stack and recomputed k·stride with two
    /// multiplies and two sign extensions per step, 26 instructions for 8 FMAs where this loop has 18 (wide 2-3% and
    /// mnist-shaped 2-5% faster on a Zen 2 core, where these tiles are the widest used).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int FourRowsByTwoVectors<S, V>(ref float w0, nint rowStride, nint reduceStride, float b0, float b1, float b2, float b3,
        ref float sRef, ref float d, int reduce, int n, nint stride)
        where S : ISimd<V> where V : struct
    {
        int lanes = S.Lanes, c = 0;
        nint w2 = 2 * rowStride, w3 = 3 * rowStride;
        for (; c + 2 * lanes <= n; c += 2 * lanes)
        {
            V a0 = S.Broadcast(b0), a1 = S.Broadcast(b1), a2 = S.Broadcast(b2), a3 = S.Broadcast(b3);
            V e0 = a0, e1 = a1, e2 = a2, e3 = a3;
            ref float s = ref Unsafe.Add(ref sRef, c);
            ref float wk = ref w0;
            for (int k = 0; k < reduce; k++)
            {
                V x0 = S.Load(ref s, 0), x1 = S.Load(ref s, lanes);
                V v0 = S.Broadcast(wk), v1 = S.Broadcast(Unsafe.Add(ref wk, rowStride));
                V v2 = S.Broadcast(Unsafe.Add(ref wk, w2)), v3 = S.Broadcast(Unsafe.Add(ref wk, w3));
                a0 = S.MultiplyAdd(v0, x0, a0); e0 = S.MultiplyAdd(v0, x1, e0);
                a1 = S.MultiplyAdd(v1, x0, a1); e1 = S.MultiplyAdd(v1, x1, e1);
                a2 = S.MultiplyAdd(v2, x0, a2); e2 = S.MultiplyAdd(v2, x1, e2);
                a3 = S.MultiplyAdd(v3, x0, a3); e3 = S.MultiplyAdd(v3, x1, e3);
                s = ref Unsafe.Add(ref s, stride);
                wk = ref Unsafe.Add(ref wk, reduceStride);
            }
            ref float o = ref Unsafe.Add(ref d, c);
            S.Store(a0, ref o, 0); S.Store(e0, ref o, lanes);
            o = ref Unsafe.Add(ref o, stride);
            S.Store(a1, ref o, 0); S.Store(e1, ref o, lanes);
            o = ref Unsafe.Add(ref o, stride);
            S.Store(a2, ref o, 0); S.Store(e2, ref o, lanes);
            o = ref Unsafe.Add(ref o, stride);
            S.Store(a3, ref o, 0); S.Store(e3, ref o, lanes);
        }
        return c;
    }

    // xt is x transposed: [n, in], example b's inputs contiguous. dW[o, :] = Σ_b dy[o, b] · xt[b, :].
    internal static void WeightGradient<S, V>(ReadOnlySpan<float> dy, ReadOnlySpan<float> xt, Span<float> dw, Span<float> db,
        int n, int inWidth, int outWidth)
        where S : ISimd<V> where V : struct
    {
        ref float gRef = ref MemoryMarshal.GetReference(dy);
        for (int o = 0; o < outWidth; o++) db[o] = RowSum<S, V>(ref Unsafe.Add(ref gRef, o * n), n);
        if (n == 0) dw.Slice(0, outWidth * inWidth).Clear();   // an empty sum; xt has no rows to slice
        else RankOneUpdates<S, V>(dy, xt, dw, n, inWidth, inWidth, outWidth);
    }

    // dw[o, i] for i < count, rows of dw and xt being `stride` apart.
    private static void RankOneUpdates<S, V>(ReadOnlySpan<float> dy, ReadOnlySpan<float> xt, Span<float> dw,
        int n, int count, int stride, int outWidth)
        where S : ISimd<V> where V : struct
    {
        int lanes = S.Lanes;
        ref float gRef = ref MemoryMarshal.GetReference(dy);
        ref float xRef = ref MemoryMarshal.GetReference(xt);
        ref float wRef = ref MemoryMarshal.GetReference(dw);
        int inWidth = count;
        int r = 0;
        int fullChunks = count - count % (2 * lanes);
        // Eight outputs by two vectors of inputs: 16 accumulators, one broadcast per FMA pair.
        for (; r + 8 <= outWidth && fullChunks > 0 && EightRowTiles; r += 8)
        {
            ref float g0 = ref Unsafe.Add(ref gRef, r * n);
            ref float d = ref Unsafe.Add(ref wRef, r * stride);
            for (int i = 0; i < fullChunks; i += 2 * lanes)
            {
                V a0 = S.Zero, a1 = S.Zero, a2 = S.Zero, a3 = S.Zero, a4 = S.Zero, a5 = S.Zero, a6 = S.Zero, a7 = S.Zero;
                V e0 = S.Zero, e1 = S.Zero, e2 = S.Zero, e3 = S.Zero, e4 = S.Zero, e5 = S.Zero, e6 = S.Zero, e7 = S.Zero;
                for (int b = 0; b < n; b++)
                {
                    ref float xs = ref Unsafe.Add(ref xRef, b * stride + i);
                    V x0 = S.Load(ref xs, 0), x1 = S.Load(ref xs, lanes);
                    ref float gb = ref Unsafe.Add(ref g0, b);
                    V v = S.Broadcast(gb); a0 = S.MultiplyAdd(v, x0, a0); e0 = S.MultiplyAdd(v, x1, e0);
                    v = S.Broadcast(Unsafe.Add(ref gb, n)); a1 = S.MultiplyAdd(v, x0, a1); e1 = S.MultiplyAdd(v, x1, e1);
                    v = S.Broadcast(Unsafe.Add(ref gb, 2 * n)); a2 = S.MultiplyAdd(v, x0, a2); e2 = S.MultiplyAdd(v, x1, e2);
                    v = S.Broadcast(Unsafe.Add(ref gb, 3 * n)); a3 = S.MultiplyAdd(v, x0, a3); e3 = S.MultiplyAdd(v, x1, e3);
                    v = S.Broadcast(Unsafe.Add(ref gb, 4 * n)); a4 = S.MultiplyAdd(v, x0, a4); e4 = S.MultiplyAdd(v, x1, e4);
                    v = S.Broadcast(Unsafe.Add(ref gb, 5 * n)); a5 = S.MultiplyAdd(v, x0, a5); e5 = S.MultiplyAdd(v, x1, e5);
                    v = S.Broadcast(Unsafe.Add(ref gb, 6 * n)); a6 = S.MultiplyAdd(v, x0, a6); e6 = S.MultiplyAdd(v, x1, e6);
                    v = S.Broadcast(Unsafe.Add(ref gb, 7 * n)); a7 = S.MultiplyAdd(v, x0, a7); e7 = S.MultiplyAdd(v, x1, e7);
                }
                S.Store(a0, ref d, i); S.Store(e0, ref d, i + lanes);
                S.Store(a1, ref d, stride + i); S.Store(e1, ref d, stride + i + lanes);
                S.Store(a2, ref d, 2 * stride + i); S.Store(e2, ref d, 2 * stride + i + lanes);
                S.Store(a3, ref d, 3 * stride + i); S.Store(e3, ref d, 3 * stride + i + lanes);
                S.Store(a4, ref d, 4 * stride + i); S.Store(e4, ref d, 4 * stride + i + lanes);
                S.Store(a5, ref d, 5 * stride + i); S.Store(e5, ref d, 5 * stride + i + lanes);
                S.Store(a6, ref d, 6 * stride + i); S.Store(e6, ref d, 6 * stride + i + lanes);
                S.Store(a7, ref d, 7 * stride + i); S.Store(e7, ref d, 7 * stride + i + lanes);
            }
            if (fullChunks < count)   // the remaining inputs of these eight outputs, four outputs at a time
                RankOneUpdates<S, V>(dy.Slice(r * n), xt.Slice(fullChunks), dw.Slice(r * stride + fullChunks), n, count - fullChunks, stride, 8);
        }
        for (; r + 4 <= outWidth; r += 4)
        {
            ref float g0 = ref Unsafe.Add(ref gRef, r * n);
            ref float g1 = ref Unsafe.Add(ref g0, n);
            ref float g2 = ref Unsafe.Add(ref g1, n);
            ref float g3 = ref Unsafe.Add(ref g2, n);
            ref float d = ref Unsafe.Add(ref wRef, r * stride);
            int i = 0;
            for (; i + 2 * lanes <= inWidth; i += 2 * lanes)
            {
                V a0 = S.Zero, a1 = S.Zero, a2 = S.Zero, a3 = S.Zero, e0 = S.Zero, e1 = S.Zero, e2 = S.Zero, e3 = S.Zero;
                for (int b = 0; b < n; b++)
                {
                    ref float xs = ref Unsafe.Add(ref xRef, b * stride + i);
                    V x0 = S.Load(ref xs, 0), x1 = S.Load(ref xs, lanes);
                    V v0 = S.Broadcast(Unsafe.Add(ref g0, b)), v1 = S.Broadcast(Unsafe.Add(ref g1, b));
                    V v2 = S.Broadcast(Unsafe.Add(ref g2, b)), v3 = S.Broadcast(Unsafe.Add(ref g3, b));
                    a0 = S.MultiplyAdd(v0, x0, a0); e0 = S.MultiplyAdd(v0, x1, e0);
                    a1 = S.MultiplyAdd(v1, x0, a1); e1 = S.MultiplyAdd(v1, x1, e1);
                    a2 = S.MultiplyAdd(v2, x0, a2); e2 = S.MultiplyAdd(v2, x1, e2);
                    a3 = S.MultiplyAdd(v3, x0, a3); e3 = S.MultiplyAdd(v3, x1, e3);
                }
                S.Store(a0, ref d, i); S.Store(e0, ref d, i + lanes);
                S.Store(a1, ref d, stride + i); S.Store(e1, ref d, stride + i + lanes);
                S.Store(a2, ref d, 2 * stride + i); S.Store(e2, ref d, 2 * stride + i + lanes);
                S.Store(a3, ref d, 3 * stride + i); S.Store(e3, ref d, 3 * stride + i + lanes);
            }
            for (; i + lanes <= inWidth; i += lanes)
            {
                V a0 = S.Zero, a1 = S.Zero, a2 = S.Zero, a3 = S.Zero;
                for (int b = 0; b < n; b++)
                {
                    V x0 = S.Load(ref xRef, b * stride + i);
                    a0 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref g0, b)), x0, a0);
                    a1 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref g1, b)), x0, a1);
                    a2 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref g2, b)), x0, a2);
                    a3 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref g3, b)), x0, a3);
                }
                S.Store(a0, ref d, i); S.Store(a1, ref d, stride + i); S.Store(a2, ref d, 2 * stride + i); S.Store(a3, ref d, 3 * stride + i);
            }
            for (; i < inWidth; i++)
            {
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int b = 0; b < n; b++)
                {
                    float x = Unsafe.Add(ref xRef, b * stride + i);
                    s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref g0, b), x, s0);
                    s1 = MathF.FusedMultiplyAdd(Unsafe.Add(ref g1, b), x, s1);
                    s2 = MathF.FusedMultiplyAdd(Unsafe.Add(ref g2, b), x, s2);
                    s3 = MathF.FusedMultiplyAdd(Unsafe.Add(ref g3, b), x, s3);
                }
                Unsafe.Add(ref d, i) = s0; Unsafe.Add(ref d, stride + i) = s1; Unsafe.Add(ref d, 2 * stride + i) = s2; Unsafe.Add(ref d, 3 * stride + i) = s3;
            }
        }
        for (; r < outWidth; r++)
        {
            ref float g0 = ref Unsafe.Add(ref gRef, r * n);
            ref float d = ref Unsafe.Add(ref wRef, r * stride);
            int i = 0;
            for (; i + lanes <= inWidth; i += lanes)
            {
                V a0 = S.Zero;
                for (int b = 0; b < n; b++)
                    a0 = S.MultiplyAdd(S.Broadcast(Unsafe.Add(ref g0, b)), S.Load(ref xRef, b * stride + i), a0);
                S.Store(a0, ref d, i);
            }
            for (; i < inWidth; i++)
            {
                float s0 = 0;
                for (int b = 0; b < n; b++) s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref g0, b), Unsafe.Add(ref xRef, b * stride + i), s0);
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
                var sums = Simd.Sums<S, V>(a0, a1, a2, a3);   // four horizontal sums in three adds
                float s0 = sums[0], s1 = sums[1], s2 = sums[2], s3 = sums[3];
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
