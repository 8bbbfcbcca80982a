using TinyNets.Kernels;
using TinyNets.Models;

namespace TinyNets.Layers;

/// <summary>
/// A fully connected layer, y = x Wᵀ + b, as <c>torch.nn.Linear</c>: weight [out, in], bias [out].
/// </summary>
public sealed class Linear : Layer
{
    public Linear(int inFeatures, int outFeatures)
    {
        InFeatures = Require.Positive(inFeatures, "in_features");
        OutFeatures = Require.Positive(outFeatures, "out_features");
        Weight = new Parameter("weight", outFeatures, inFeatures);
        Bias = new Parameter("bias", outFeatures);
        _parameters = [Weight, Bias];
    }

    private readonly Parameter[] _parameters;
    private float[] _inputTransposed = [];

    public int InFeatures { get; }
    public int OutFeatures { get; }
    public Parameter Weight { get; }
    public Parameter Bias { get; }

    public override string Kind => "linear";

    public override IReadOnlyList<Parameter> Parameters => _parameters;

    public override int OutputWidth(int inputWidth)
    {
        if (inputWidth != InFeatures)
            throw new TinyNetsException($"Linear({InFeatures}, {OutFeatures}) got inputs of width {inputWidth}");
        return OutFeatures;
    }

    internal override void Reserve(int maxBatch, int inputWidth)
    {
        if (_inputTransposed.Length < maxBatch * InFeatures) _inputTransposed = new float[maxBatch * InFeatures];
    }

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, int inputWidth) =>
        Gemm.MultiplyAccumulate(Weight.Value, InFeatures, 1, Bias.Value, input, output, OutFeatures, InFeatures, batch);

    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGrad,
        Span<float> inputGrad, int batch, int inputWidth)
    {
        Reserve(batch, inputWidth);   // a no-op inside a model, which reserves once; needed when the layer is used alone
        Gemm.WeightGradient(outputGrad, input, Weight.Grad, Bias.Grad, _inputTransposed, batch, InFeatures, OutFeatures);
        if (!inputGrad.IsEmpty)   // dx = Wᵀ dy: the same kernel reading W by columns
            Gemm.MultiplyAccumulate(Weight.Value, 1, InFeatures, [], outputGrad, inputGrad, InFeatures, OutFeatures, batch);
    }
}
