using TinyNets.Layers;
using TinyNets.Randomness;

namespace TinyNets.Activations;

/// <summary>
/// Inverted dropout, as <c>torch.nn.Dropout(p)</c>: in training each unit is zeroed with probability p and the rest
/// scaled by 1/(1−p); in evaluation it is the identity. Masks come from the stream set by <see cref="UseStream"/>.
/// </summary>
public sealed class Dropout : Layer
{
    private float[] _mask = [];
    private RandomStream _stream = new(0);

    public Dropout(double p = 0.5)
    {
        if (!(p >= 0 && p < 1)) throw new TinyNetsException($"dropout probability must be in [0, 1), got {p}");
        P = p;
    }

    public double P { get; }

    public override string Kind => "dropout";

    /// <summary>Sets the generator that draws masks (the run's dropout stream).</summary>
    public void UseStream(RandomStream stream) => _stream = stream;

    internal override void Reserve(int maxBatch, int inputWidth)
    {
        if (_mask.Length < maxBatch * inputWidth) _mask = new float[maxBatch * inputWidth];
    }

    public override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, int inputWidth)
    {
        int n = batch * inputWidth;
        if (!Training || P == 0)
        {
            input.Slice(0, n).CopyTo(output);
            return;
        }
        float scale = (float)(1.0 / (1.0 - P));
        for (int i = 0; i < n; i++)
        {
            float m = _stream.NextDouble() < P ? 0f : scale;
            _mask[i] = m;
            output[i] = input[i] * m;
        }
    }

    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGrad,
        Span<float> inputGrad, int batch, int inputWidth)
    {
        int n = batch * inputWidth;
        if (!Training || P == 0)
        {
            outputGrad.Slice(0, n).CopyTo(inputGrad);
            return;
        }
        for (int i = 0; i < n; i++)
            inputGrad[i] = outputGrad[i] * _mask[i];
    }
}
