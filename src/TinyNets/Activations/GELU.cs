using TinyNets.Kernels;
using TinyNets.Layers;

namespace TinyNets.Activations;

/// <summary>x·Φ(x) with the exact erf form, PyTorch's default <c>torch.nn.GELU()</c>.</summary>
public sealed class GELU : Layer
{
    private static readonly double InvSqrt2 = 1.0 / Math.Sqrt(2.0);
    private static readonly double InvSqrt2Pi = 1.0 / Math.Sqrt(2.0 * Math.PI);

    public override string Kind => "gelu";

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, int inputWidth)
    {
        int n = batch * inputWidth;
        for (int i = 0; i < n; i++)
        {
            double x = input[i];
            output[i] = (float)(0.5 * x * (1.0 + SpecialFunctions.Erf(x * InvSqrt2)));
        }
    }

    // d/dx x·Φ(x) = Φ(x) + x·φ(x); needs the input, not the output.
    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGrad,
        Span<float> inputGrad, int batch, int inputWidth)
    {
        int n = batch * inputWidth;
        for (int i = 0; i < n; i++)
        {
            double x = input[i];
            double cdf = 0.5 * (1.0 + SpecialFunctions.Erf(x * InvSqrt2));
            double pdf = InvSqrt2Pi * Math.Exp(-0.5 * x * x);
            inputGrad[i] = (float)(outputGrad[i] * (cdf + x * pdf));
        }
    }
}
