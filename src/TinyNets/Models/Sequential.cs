using System.Collections.Immutable;
using TinyNets.Layers;

namespace TinyNets.Models;

/// <summary>
/// Layers applied one after another, as <c>torch.nn.Sequential</c>; parameter names follow its state dict
/// ("0.weight", "0.bias", "2.weight", ...: activations take indices too).
/// Activations and deltas live in a workspace sized once for the largest batch, so a training step allocates nothing.
/// <see cref="Forward"/> and <see cref="Backward"/> take unit-major data (see <see cref="Layer"/>); <c>Predict</c>
/// takes and returns PyTorch's example-major rows.
/// </summary>
public sealed class Sequential
{
    private readonly Layer[] _layers;
    private readonly int[] _widths;
    private readonly ImmutableArray<Parameter> _parameters;
    private readonly bool[] _needsInputGrad;
    private float[][] _outputs = [];
    private float[][] _inputGrads = [];
    private int _capacity;

    public Sequential(IEnumerable<Layer> layers)
    {
        _layers = layers.ToArray();
        if (_layers.Length == 0) throw new TinyNetsException("a model needs at least one layer");
        var first = _layers.OfType<Linear>().FirstOrDefault()
            ?? throw new TinyNetsException("a model needs at least one Linear layer");
        _widths = new int[_layers.Length + 1];
        _widths[0] = first.InFeatures;
        for (int i = 0; i < _layers.Length; i++)
            _widths[i + 1] = _layers[i].OutputWidth(_widths[i]);

        var parameters = new List<Parameter>();
        for (int i = 0; i < _layers.Length; i++)
            foreach (var p in _layers[i].Parameters)
            {
                p.Name = $"{i}.{p.Name[(p.Name.LastIndexOf('.') + 1)..]}";
                parameters.Add(p);
            }
        _parameters = [.. parameters];

        // Layers before the first one with parameters need no input gradient: nothing upstream learns.
        _needsInputGrad = new bool[_layers.Length];
        for (int i = 1; i < _layers.Length; i++)
            _needsInputGrad[i] = _needsInputGrad[i - 1] || _layers[i - 1].Parameters.Count > 0;
    }

    public Sequential(params Layer[] layers) : this((IEnumerable<Layer>)layers) { }

    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>All trainable tensors in state-dict order (an immutable array: foreach over it allocates nothing).</summary>
    public ImmutableArray<Parameter> Parameters => _parameters;

    public int InputWidth => _widths[0];

    public int OutputWidth => _widths[^1];

    /// <summary>Width of the input of layer <paramref name="index"/>; index = layer count gives the model's output width.</summary>
    public int WidthAt(int index) => _widths[index];

    /// <summary>The activation layers (no parameters, not dropout), by index in the model, with their kind ("relu", ...):
    /// the layers whose outputs the recorder, the diagnoses and the report's activation charts describe.</summary>
    public IReadOnlyDictionary<int, string> ActivationKinds =>
        Enumerable.Range(0, _layers.Length).Where(i => _layers[i].Parameters.Count == 0 && _layers[i].Kind != "dropout").ToDictionary(i => i, i => _layers[i].Kind);

    /// <summary>Number of trainable scalars.</summary>
    public int ParameterCount => _parameters.Sum(p => p.Count);

    /// <summary>Sets training mode (dropout active) or evaluation mode on every layer.</summary>
    public void SetTraining(bool training)
    {
        foreach (var layer in _layers) layer.Training = training;
    }

    /// <summary>Sizes the workspace for batches of up to <paramref name="maxBatch"/> rows. Only growing allocates.</summary>
    public void Reserve(int maxBatch)
    {
        if (maxBatch <= _capacity) return;
        _outputs = new float[_layers.Length][];
        _inputGrads = new float[_layers.Length][];
        for (int i = 0; i < _layers.Length; i++)
        {
            _outputs[i] = new float[maxBatch * _widths[i + 1]];
            _inputGrads[i] = i == 0 ? [] : new float[maxBatch * _widths[i]];
            _layers[i].Reserve(maxBatch, _widths[i]);
        }
        _capacity = maxBatch;
    }

    /// <summary>
    /// Runs a unit-major batch (<c>InputWidth × batch</c>) through every layer; the unit-major result stays valid until
    /// the next forward pass.
    /// </summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch)
    {
        if (input.Length < batch * _widths[0])
            throw new ArgumentException($"input has {input.Length} values, a batch of {batch} rows of width {_widths[0]} needs {batch * _widths[0]}");
        Reserve(batch);
        ReadOnlySpan<float> x = input;
        for (int i = 0; i < _layers.Length; i++)
        {
            _layers[i].Forward(x, _outputs[i], batch, _widths[i]);
            x = _outputs[i];
        }
        return x.Slice(0, batch * OutputWidth);
    }

    /// <summary>
    /// Back-propagates the gradient of the loss with respect to the model's output through the activations of the last
    /// forward pass (on the same <paramref name="input"/>), overwriting every parameter's gradient.
    /// </summary>
    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGrad, int batch)
    {
        ReadOnlySpan<float> dy = outputGrad;
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            ReadOnlySpan<float> x = i == 0 ? input : _outputs[i - 1];
            Span<float> dx = !_needsInputGrad[i] ? Span<float>.Empty : _inputGrads[i];
            _layers[i].Backward(x, _outputs[i], dy, dx, batch, _widths[i]);
            if (dx.IsEmpty) break;
            dy = dx;
        }
    }

    /// <summary>Outputs of the model for <paramref name="count"/> example-major rows, written example-major, in evaluation mode.</summary>
    public void Predict(ReadOnlySpan<float> rows, int count, Span<float> outputs)
    {
        if (outputs.Length < count * OutputWidth) throw new ArgumentException($"outputs need room for {count * OutputWidth} values");
        bool training = _layers.Length > 0 && _layers[0].Training;
        SetTraining(false);
        int chunk = Math.Max(_capacity, Math.Min(count, 1024));
        var input = new float[chunk * InputWidth];
        for (int start = 0; start < count; start += chunk)
        {
            int n = Math.Min(chunk, count - start);
            Kernels.Layout.Transpose(rows.Slice(start * InputWidth, n * InputWidth), input, n, InputWidth);
            Kernels.Layout.Transpose(Forward(input, n), outputs.Slice(start * OutputWidth, n * OutputWidth), OutputWidth, n);
        }
        SetTraining(training);
    }

    /// <summary>Outputs of the model for example-major rows, as a new example-major array.</summary>
    public float[] Predict(ReadOnlySpan<float> rows, int count)
    {
        var outputs = new float[count * OutputWidth];
        Predict(rows, count, outputs);
        return outputs;
    }

    /// <summary>The output of layer <paramref name="index"/> in the last forward pass (unit-major).</summary>
    public ReadOnlySpan<float> LayerOutput(int index, int batch) => _outputs[index].AsSpan(0, batch * _widths[index + 1]);

    /// <summary>Copies every parameter's values from a model of the same architecture.</summary>
    public void CopyParametersFrom(Sequential other)
    {
        if (other._parameters.Length != _parameters.Length)
            throw new ArgumentException("models differ in their parameters");
        for (int i = 0; i < _parameters.Length; i++)
            other._parameters[i].Value.CopyTo(_parameters[i].Value.AsSpan());
    }

    /// <summary>A one-line description in PyTorch's words, e.g. "Linear(2, 4) ReLU Linear(4, 1) Sigmoid".</summary>
    public override string ToString() => string.Join(" ", _layers.Select(l => l is Linear lin ? $"Linear({lin.InFeatures}, {lin.OutFeatures})" : l.GetType().Name));
}
