using System.Buffers;
using System.Numerics.Tensors;

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
        Span<float> d = gradient.Slice(0, n);
        TensorPrimitives.Subtract(prediction.Slice(0, n), target.Slice(0, n), d);
        float sum = TensorPrimitives.SumOfSquares(d);
        TensorPrimitives.Multiply(d, 2f / n, d);
        return sum / n;
    }
}
