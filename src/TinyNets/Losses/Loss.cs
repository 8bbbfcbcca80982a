namespace TinyNets.Losses;

/// <summary>
/// A loss with PyTorch's default mean reduction. Predictions are unit-major like every activation in TinyNets:
/// <c>width × batch</c> floats, output unit c of example b at <c>c·batch + b</c> (the transpose of PyTorch's
/// [batch, width]). Targets are laid out the same way, except for cross-entropy, which takes one class index per example.
/// </summary>
public abstract class Loss
{
    /// <summary>The name the command line and configs use.</summary>
    public abstract string Name { get; }

    /// <summary>True when predictions are logits (raw scores), false when they are values or probabilities.</summary>
    public virtual bool TakesLogits => false;

    /// <summary>Values per row of the target given the model's output width.</summary>
    public virtual int TargetWidth(int outputWidth) => outputWidth;

    /// <summary>
    /// The mean loss of the batch; when <paramref name="gradient"/> is not empty, also writes the gradient of that mean
    /// with respect to every prediction.
    /// </summary>
    public abstract float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, int batch, int width);

    /// <summary>The mean loss, without a gradient.</summary>
    public float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, int batch, int width) =>
        Compute(prediction, target, Span<float>.Empty, batch, width);
}
