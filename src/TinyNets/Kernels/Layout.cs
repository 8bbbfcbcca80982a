using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TinyNets.Kernels;

/// <summary>Conversions between PyTorch's example-major rows and TinyNets' unit-major activations.</summary>
public static class Layout
{
    private const int Block = 16;

    /// <summary>
    /// dst[c·rows + r] = src[r·cols + c]: rows of <paramref name="cols"/> values become columns. Done in 16 × 16 tiles,
    /// so both sides are touched a cache line at a time however long the rows (784 pixels, say); with AVX, each tile's
    /// whole 8 × 8 blocks are transposed in registers (a tenth of a wide layer's step went to the element-by-element copy).
    /// </summary>
    public static void Transpose(ReadOnlySpan<float> src, Span<float> dst, int rows, int cols)
    {
        if (src.Length < rows * cols || dst.Length < rows * cols) throw new ArgumentException("buffers are smaller than rows × cols");
        ref float s = ref MemoryMarshal.GetReference(src);
        ref float d = ref MemoryMarshal.GetReference(dst);
        for (int r0 = 0; r0 < rows; r0 += Block)
        {
            int r1 = Math.Min(r0 + Block, rows);
            for (int c0 = 0; c0 < cols; c0 += Block)
            {
                int c1 = Math.Min(c0 + Block, cols);
                int rBlocks = r0, cBlocks = c0;   // the tile's part covered by whole 8 × 8 blocks ends at these
                if (Avx.IsSupported)
                {
                    rBlocks = r0 + (r1 - r0) / 8 * 8;
                    cBlocks = c0 + (c1 - c0) / 8 * 8;
                    for (int r = r0; r < rBlocks; r += 8)
                        for (int c = c0; c < cBlocks; c += 8)
                            Transpose8x8(ref Unsafe.Add(ref s, r * cols + c), cols, ref Unsafe.Add(ref d, c * rows + r), rows);
                }
                for (int r = r0; r < r1; r++)
                {
                    ref float row = ref Unsafe.Add(ref s, r * cols);
                    for (int c = r < rBlocks ? cBlocks : c0; c < c1; c++) Unsafe.Add(ref d, c * rows + r) = Unsafe.Add(ref row, c);
                }
            }
        }
    }

    // Eight rows of eight, `stride` apart, into eight columns `dstStride` apart: pairs interleaved, then quadruples, then halves.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(ref float src, int stride, ref float dst, int dstStride)
    {
        var a0 = Vector256.LoadUnsafe(ref src);
        var a1 = Vector256.LoadUnsafe(ref src, (nuint)stride);
        var a2 = Vector256.LoadUnsafe(ref src, (nuint)(2 * stride));
        var a3 = Vector256.LoadUnsafe(ref src, (nuint)(3 * stride));
        var a4 = Vector256.LoadUnsafe(ref src, (nuint)(4 * stride));
        var a5 = Vector256.LoadUnsafe(ref src, (nuint)(5 * stride));
        var a6 = Vector256.LoadUnsafe(ref src, (nuint)(6 * stride));
        var a7 = Vector256.LoadUnsafe(ref src, (nuint)(7 * stride));
        // Rows 2k and 2k+1 interleaved: (a0 b0 a1 b1 | a4 b4 a5 b5) and (a2 b2 a3 b3 | a6 b6 a7 b7) per 128-bit half.
        Vector256<float> p0 = Avx.UnpackLow(a0, a1), p1 = Avx.UnpackHigh(a0, a1), p2 = Avx.UnpackLow(a2, a3), p3 = Avx.UnpackHigh(a2, a3);
        Vector256<float> p4 = Avx.UnpackLow(a4, a5), p5 = Avx.UnpackHigh(a4, a5), p6 = Avx.UnpackLow(a6, a7), p7 = Avx.UnpackHigh(a6, a7);
        // Four rows' values of one column per 128-bit half.
        Vector256<float> q0 = Avx.Shuffle(p0, p2, 0x44), q1 = Avx.Shuffle(p0, p2, 0xEE), q2 = Avx.Shuffle(p1, p3, 0x44), q3 = Avx.Shuffle(p1, p3, 0xEE);
        Vector256<float> q4 = Avx.Shuffle(p4, p6, 0x44), q5 = Avx.Shuffle(p4, p6, 0xEE), q6 = Avx.Shuffle(p5, p7, 0x44), q7 = Avx.Shuffle(p5, p7, 0xEE);
        // Low halves hold columns 0-3, high halves columns 4-7: join rows 0-3 with rows 4-7.
        Avx.Permute2x128(q0, q4, 0x20).StoreUnsafe(ref dst);
        Avx.Permute2x128(q1, q5, 0x20).StoreUnsafe(ref dst, (nuint)dstStride);
        Avx.Permute2x128(q2, q6, 0x20).StoreUnsafe(ref dst, (nuint)(2 * dstStride));
        Avx.Permute2x128(q3, q7, 0x20).StoreUnsafe(ref dst, (nuint)(3 * dstStride));
        Avx.Permute2x128(q0, q4, 0x31).StoreUnsafe(ref dst, (nuint)(4 * dstStride));
        Avx.Permute2x128(q1, q5, 0x31).StoreUnsafe(ref dst, (nuint)(5 * dstStride));
        Avx.Permute2x128(q2, q6, 0x31).StoreUnsafe(ref dst, (nuint)(6 * dstStride));
        Avx.Permute2x128(q3, q7, 0x31).StoreUnsafe(ref dst, (nuint)(7 * dstStride));
    }

    /// <summary>
    /// Gathers the example-major rows <paramref name="rows"/> of <paramref name="src"/> (each <paramref name="width"/>
    /// values) into <paramref name="dst"/> unit-major, staging them contiguously in <paramref name="staging"/> first.
    /// </summary>
    public static void GatherTransposed(ReadOnlySpan<float> src, ReadOnlySpan<int> rows, int width, Span<float> staging, Span<float> dst)
    {
        int n = rows.Length;
        if (staging.Length < n * width || dst.Length < n * width) throw new ArgumentException("buffers are smaller than rows × width");
        if (width < Block)
        {
            // Narrow rows (2-D points, one-hot targets): scattering directly beats a copy call per row.
            ref float d = ref MemoryMarshal.GetReference(dst);
            for (int r = 0; r < n; r++)
            {
                ReadOnlySpan<float> row = src.Slice(rows[r] * width, width);
                for (int c = 0; c < row.Length; c++) Unsafe.Add(ref d, c * n + r) = row[c];
            }
            return;
        }
        for (int r = 0; r < n; r++) src.Slice(rows[r] * width, width).CopyTo(staging.Slice(r * width, width));
        Transpose(staging, dst, n, width);
    }
}
