using System.Buffers;
using TinyNets.Kernels;

namespace TinyNets.Losses;

/// <summary>mean((p − t)²), as <c>nn.MSELoss()</c>.</summary>
public sealed class MeanSquaredError : Loss
{
    public override string Name => "mse";

    public override float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, int batch, int width)
    {
        int n = batch * width;
        if (gradient.IsEmpty)
        {
            // Same operations into a pooled scratch buffer, so the value is bit-identical to the one with a gradient.
            float[] scratch = ArrayPool<float>.Shared.Rent(n);
            float value = Compute(prediction, target, scratch, batch, width);
            ArrayPool<float>.Shared.Return(scratch);
            return value;
        }
        return Elementwise.ScaledDifferences(prediction, target, gradient, 2f / n, n) / n;
    }
}
