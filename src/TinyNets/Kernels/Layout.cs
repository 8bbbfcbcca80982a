using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TinyNets.Kernels;

/// <summary>Conversions between PyTorch's example-major rows and TinyNets' unit-major activations.</summary>
public static class Layout
{
    private const int Block = 16;

    /// <summary>
    /// dst[c·rows + r] = src[r·cols + c]: rows of <paramref name="cols"/> values become columns. Done in 16 × 16 tiles,
    /// so both sides are touched a cache line at a time however long the rows (784 pixels, say).
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
                for (int r = r0; r < r1; r++)
                {
                    ref float row = ref Unsafe.Add(ref s, r * cols);
                    for (int c = c0; c < c1; c++) Unsafe.Add(ref d, c * rows + r) = Unsafe.Add(ref row, c);
                }
            }
        }
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
