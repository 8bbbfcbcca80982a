using TinyNets.Kernels;
using TinyNets.Layers;

namespace TinyNets.Activations;

/// <summary>max(0, x), as <c>torch.nn.ReLU</c>; the gradient at 0 is 0, as PyTorch's.</summary>
public sealed class ReLU : Layer
{
    public override string Kind => "relu";

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, int inputWidth) =>
        Elementwise.Relu(input, output, batch * inputWidth);

    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGrad,
        Span<float> inputGrad, int batch, int inputWidth)
        => Elementwise.ReluBackward(output, outputGrad, inputGrad, batch * inputWidth);
}
