using TinyNets.Layers;

namespace TinyNets.Activations;

/// <summary>y = x, as <c>torch.nn.Identity</c>.</summary>
public sealed class Identity : Layer
{
    public override string Kind => "identity";

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, int inputWidth) =>
        input.Slice(0, batch * inputWidth).CopyTo(output);

    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGrad,
        Span<float> inputGrad, int batch, int inputWidth) =>
        outputGrad.Slice(0, batch * inputWidth).CopyTo(inputGrad);
}
