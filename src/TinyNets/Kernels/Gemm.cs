using System.Numerics.Tensors;

namespace TinyNets.Kernels;

/// <summary>
/// The three matrix products of a fully connected layer on batch-major data.
/// x is [batch, in], W is [out, in] (PyTorch's layout), y and dy are [batch, out].
/// </summary>
internal static class Gemm
{
    /// <summary>y = x Wᵀ + b.</summary>
    public static void ForwardLinear(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias,
        Span<float> y, int batch, int inWidth, int outWidth)
    {
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> row = x.Slice(b * inWidth, inWidth);
            Span<float> yRow = y.Slice(b * outWidth, outWidth);
            for (int o = 0; o < outWidth; o++)
                yRow[o] = bias[o] + TensorPrimitives.Dot(row, w.Slice(o * inWidth, inWidth));
        }
    }

    /// <summary>dW = dyᵀ x, overwriting <paramref name="dw"/>.</summary>
    public static void WeightGradient(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw,
        int batch, int inWidth, int outWidth)
    {
        dw.Slice(0, inWidth * outWidth).Clear();
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> xRow = x.Slice(b * inWidth, inWidth);
            ReadOnlySpan<float> dyRow = dy.Slice(b * outWidth, outWidth);
            for (int o = 0; o < outWidth; o++)
            {
                Span<float> dwRow = dw.Slice(o * inWidth, inWidth);
                TensorPrimitives.MultiplyAdd(xRow, dyRow[o], dwRow, dwRow);
            }
        }
    }

    /// <summary>db = column sums of dy, overwriting <paramref name="db"/>.</summary>
    public static void ColumnSums(ReadOnlySpan<float> dy, Span<float> db, int batch, int outWidth)
    {
        db.Slice(0, outWidth).Clear();
        for (int b = 0; b < batch; b++)
            TensorPrimitives.Add(db, dy.Slice(b * outWidth, outWidth), db);
    }

    /// <summary>dx = dy W, overwriting <paramref name="dx"/>.</summary>
    public static void InputGradient(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx,
        int batch, int inWidth, int outWidth)
    {
        for (int b = 0; b < batch; b++)
        {
            Span<float> dxRow = dx.Slice(b * inWidth, inWidth);
            ReadOnlySpan<float> dyRow = dy.Slice(b * outWidth, outWidth);
            dxRow.Clear();
            for (int o = 0; o < outWidth; o++)
                TensorPrimitives.MultiplyAdd(w.Slice(o * inWidth, inWidth), dyRow[o], dxRow, dxRow);
        }
    }
}
