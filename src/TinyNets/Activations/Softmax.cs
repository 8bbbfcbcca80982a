using System.Numerics.Tensors;
using TinyNets.Layers;

namespace TinyNets.Activations;

/// <summary>
/// Softmax over the last dimension, as <c>torch.nn.Softmax(dim=-1)</c>: e^(x−max) / Σ e^(x−max) per row.
/// Its backward is the exact Jacobian product dx = y ⊙ (dy − ⟨dy, y⟩), so Softmax followed by MSE is not approximated.
/// </summary>
public sealed class Softmax : Layer
{
    public override string Kind => "softmax";

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, int inputWidth)
    {
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> x = input.Slice(b * inputWidth, inputWidth);
            Span<float> y = output.Slice(b * inputWidth, inputWidth);
            float max = TensorPrimitives.Max(x);
            TensorPrimitives.Subtract(x, max, y);
            TensorPrimitives.Exp(y, y);
            float sum = TensorPrimitives.Sum(y);
            TensorPrimitives.Divide(y, sum, y);
        }
    }

    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGrad,
        Span<float> inputGrad, int batch, int inputWidth)
    {
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> y = output.Slice(b * inputWidth, inputWidth);
            ReadOnlySpan<float> dy = outputGrad.Slice(b * inputWidth, inputWidth);
            Span<float> dx = inputGrad.Slice(b * inputWidth, inputWidth);
            float dot = TensorPrimitives.Dot(dy, y);
            TensorPrimitives.Subtract(dy, dot, dx);
            TensorPrimitives.Multiply(dx, y, dx);
        }
    }
}
