using TinyNets.Kernels;
using TinyNets.Layers;

namespace TinyNets.Activations;

/// <summary>1 / (1 + e^(−x)); the derivative y(1 − y) is taken from the output.</summary>
public sealed class Sigmoid : Layer
{
    public override string Kind => "sigmoid";

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, int inputWidth) =>
        Exponentials.Sigmoid(input.Slice(0, batch * inputWidth), output);

    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGrad,
        Span<float> inputGrad, int batch, int inputWidth)
        => Elementwise.SigmoidBackward(output, outputGrad, inputGrad, batch * inputWidth);
}
