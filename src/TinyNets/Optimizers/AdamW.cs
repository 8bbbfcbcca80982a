using TinyNets.Models;

namespace TinyNets.Optimizers;

/// <summary>
/// Loshchilov &amp; Hutter (2019), "Decoupled Weight Decay Regularization", as <c>torch.optim.AdamW</c>:
/// θ ← θ(1 − ηλ) first, then the Adam update without an L2 term. PyTorch's default λ is 0.01, so the
/// parameterless options are <c>new AdamOptions { WeightDecay = 0.01 }</c>, given by <see cref="DefaultOptions"/>.
/// </summary>
public sealed class AdamW(IReadOnlyList<Parameter> parameters, AdamOptions options) : Adam(parameters, options, decoupled: true)
{
    /// <summary>PyTorch's AdamW defaults: Adam's, with weight decay 0.01.</summary>
    public static AdamOptions DefaultOptions { get; } = new() { WeightDecay = 0.01 };

    public AdamW(IReadOnlyList<Parameter> parameters) : this(parameters, DefaultOptions) { }

    public override string Name => "adamw";
}
