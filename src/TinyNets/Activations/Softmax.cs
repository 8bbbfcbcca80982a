using TinyNets.Kernels;
using TinyNets.Layers;

namespace TinyNets.Activations;

/// <summary>
/// Softmax over the last dimension, as <c>torch.nn.Softmax(dim=-1)</c>: e^(x−max) / Σ e^(x−max) per row.
/// Its backward is the exact Jacobian product dx = y ⊙ (dy − ⟨dy, y⟩), so Softmax followed by MSE is not approximated.
/// </summary>
public sealed class Softmax : Layer
{
    private float[] _scratch = [];

    public override string Kind => "softmax";

    internal override void Reserve(int maxBatch, int inputWidth)
    {
        if (_scratch.Length < maxBatch) _scratch = new float[maxBatch];
    }

    // Unit-major data: example b's scores are input[c·n + b] for c < width, so every pass runs along the batch.
    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, int inputWidth)
    {
        int n = batch;
        Reserve(n, inputWidth);
        Span<float> acc = _scratch.AsSpan(0, n);
        input.Slice(0, n).CopyTo(acc);
        for (int c = 1; c < inputWidth; c++) Elementwise.MaxInto(input.Slice(c * n, n), acc);
        for (int c = 0; c < inputWidth; c++) Exponentials.ExpDifference(input.Slice(c * n, n), acc, output.Slice(c * n, n));
        output.Slice(0, n).CopyTo(acc);
        for (int c = 1; c < inputWidth; c++) Elementwise.AddInto(output.Slice(c * n, n), acc);
        for (int c = 0; c < inputWidth; c++) Elementwise.DivideBy(output.Slice(c * n, n), acc);
    }

    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGrad,
        Span<float> inputGrad, int batch, int inputWidth)
    {
        int n = batch;
        Span<float> dot = _scratch.AsSpan(0, n);
        dot.Clear();
        for (int c = 0; c < inputWidth; c++) Elementwise.MultiplyAddInto(outputGrad.Slice(c * n, n), output.Slice(c * n, n), dot);
        for (int c = 0; c < inputWidth; c++)
            Elementwise.SoftmaxBackwardRow(outputGrad.Slice(c * n, n), dot, output.Slice(c * n, n), inputGrad.Slice(c * n, n));
    }
}
