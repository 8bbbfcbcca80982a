using TinyNets.Kernels;
using TinyNets.Layers;

namespace TinyNets.Activations;

/// <summary>x for x &gt; 0, slope·x otherwise, as <c>torch.nn.LeakyReLU</c> (default negative slope 0.01).</summary>
public sealed class LeakyReLU(double negativeSlope = 0.01) : Layer
{
    private readonly float _slope = (float)Require.Finite(negativeSlope, "negative_slope");

    public double NegativeSlope => _slope;

    public override string Kind => "leaky-relu";

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, int inputWidth) =>
        Elementwise.LeakyRelu(input, output, _slope, batch * inputWidth);

    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGrad,
        Span<float> inputGrad, int batch, int inputWidth) =>
        Elementwise.LeakyReluBackward(input, outputGrad, inputGrad, _slope, batch * inputWidth);
}
