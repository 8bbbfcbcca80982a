using TinyNets.Kernels;
using TinyNets.Layers;

namespace TinyNets.Activations;

/// <summary>tanh(x); the derivative 1 − y² is taken from the output.</summary>
public sealed class Tanh : Layer
{
    public override string Kind => "tanh";

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, int inputWidth) =>
        Exponentials.Tanh(input.Slice(0, batch * inputWidth), output);

    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGrad,
        Span<float> inputGrad, int batch, int inputWidth)
        => Elementwise.TanhBackward(output, outputGrad, inputGrad, batch * inputWidth);
}
