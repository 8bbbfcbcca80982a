using TinyNets.Models;

namespace TinyNets.Layers;

/// <summary>
/// One stage of a sequential model. Data is unit-major: an activation of <c>w</c> units over a batch of <c>n</c>
/// examples is <c>w × n</c> floats, each unit's <c>n</c> values contiguous (the transpose of PyTorch's [batch, features]),
/// so kernels vectorize over the batch however narrow the layer. Layers own no activation buffers; the model's workspace does.
/// </summary>
public abstract class Layer
{
    /// <summary>Trainable tensors, in state-dict order (weight before bias).</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>Width of the output given the width of the input.</summary>
    public virtual int OutputWidth(int inputWidth) => inputWidth;

    /// <summary>Training mode (dropout draws masks) or evaluation mode (dropout is the identity).</summary>
    public bool Training { get; internal set; } = true;

    /// <summary>Computes <paramref name="output"/> from <paramref name="input"/> for <paramref name="batch"/> rows.</summary>
    public abstract void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, int inputWidth);

    /// <summary>
    /// Given the gradient of the loss with respect to this layer's output, writes the gradient with respect to its input
    /// (skipped when <paramref name="inputGrad"/> is empty: nothing upstream needs it) and overwrites the gradients of
    /// its parameters with this batch's.
    /// </summary>
    public abstract void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGrad,
        Span<float> inputGrad, int batch, int inputWidth);

    /// <summary>Reserves per-batch buffers a layer keeps between forward and backward (dropout's mask).</summary>
    internal virtual void Reserve(int maxBatch, int inputWidth) { }

    /// <summary>Name as it appears in a model description and in <c>model.json</c>.</summary>
    public abstract string Kind { get; }
}
