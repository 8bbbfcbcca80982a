using TinyNets.Kernels;
using TinyNets.Layers;

namespace TinyNets.Activations;

/// <summary>x·Φ(x) with the exact erf form, PyTorch's default <c>torch.nn.GELU()</c>.</summary>
public sealed class GELU : Layer
{
    public override string Kind => "gelu";

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, int inputWidth) =>
        Exponentials.Gelu(input.Slice(0, batch * inputWidth), output);

    // d/dx x·Φ(x) = Φ(x) + x·φ(x); needs the input, not the output.
    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGrad,
        Span<float> inputGrad, int batch, int inputWidth) =>
        Exponentials.GeluBackward(input.Slice(0, batch * inputWidth), outputGrad, inputGrad);
}
