using TinyNets.Layers;

namespace TinyNets.Activations;

/// <summary>x for x &gt; 0, slope·x otherwise, as <c>torch.nn.LeakyReLU</c> (default negative slope 0.01).</summary>
public sealed class LeakyReLU(double negativeSlope = 0.01) : Layer
{
    private readonly float _slope = (float)Require.Finite(negativeSlope, "negative_slope");

    public double NegativeSlope => _slope;

    public override string Kind => "leaky-relu";

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, int inputWidth)
    {
        int n = batch * inputWidth;
        for (int i = 0; i < n; i++)
        {
            float x = input[i];
            output[i] = x > 0f ? x : x * _slope;
        }
    }

    // PyTorch decides the branch on the input (x > 0), so x = 0 takes the slope.
    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGrad,
        Span<float> inputGrad, int batch, int inputWidth)
    {
        int n = batch * inputWidth;
        for (int i = 0; i < n; i++)
            inputGrad[i] = input[i] > 0f ? outputGrad[i] : outputGrad[i] * _slope;
    }
}
