namespace TinyNets.Kernels;

/// <summary>Conversions between PyTorch's example-major rows and TinyNets' unit-major activations.</summary>
public static class Layout
{
    /// <summary>dst[c·rows + r] = src[r·cols + c]: rows of <paramref name="cols"/> values become columns.</summary>
    public static void Transpose(ReadOnlySpan<float> src, Span<float> dst, int rows, int cols)
    {
        if (src.Length < rows * cols || dst.Length < rows * cols) throw new ArgumentException("buffers are smaller than rows × cols");
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = src.Slice(r * cols, cols);
            for (int c = 0; c < cols; c++) dst[c * rows + r] = row[c];
        }
    }
}
