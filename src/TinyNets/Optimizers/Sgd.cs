using TinyNets.Models;

namespace TinyNets.Optimizers;

/// <summary>Options of <see cref="Sgd"/>, with PyTorch's defaults (lr 1e-3 as in PyTorch 2).</summary>
public sealed record SgdOptions
{
    public double LearningRate { get; init => field = Require.Positive(value, "lr"); } = 1e-3;
    public double Momentum { get; init => field = Require.NonNegative(value, "momentum"); }
    public double Dampening { get; init => field = Require.NonNegative(value, "dampening"); }
    public double WeightDecay { get; init => field = Require.NonNegative(value, "weight_decay"); }
    public bool Nesterov { get; init; }
}

/// <summary>
/// Stochastic gradient descent with momentum, as <c>torch.optim.SGD</c> (Sutskever et al. 2013 for Nesterov):
/// g ← ∇ + λθ; b ← g on the first step, else μb + (1 − τ)g; g ← g + μb (Nesterov) or b; θ ← θ − ηg.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly float[][]? _velocity;

    public Sgd(IReadOnlyList<Parameter> parameters, SgdOptions options) : base(parameters, options.LearningRate)
    {
        if (options.Nesterov && (options.Momentum <= 0 || options.Dampening != 0))
            throw new TinyNetsException("nesterov momentum requires a momentum > 0 and zero dampening");
        Options = options;
        if (options.Momentum != 0) _velocity = AddState("momentum_buffer");
    }

    public SgdOptions Options { get; }

    public override string Name => "sgd";

    public override void Step()
    {
        float lr = (float)LearningRate, mu = (float)Options.Momentum, wd = (float)Options.WeightDecay;
        float oneMinusDampening = (float)(1 - Options.Dampening);
        bool first = StepCount == 0;
        for (int p = 0; p < Parameters.Count; p++)
        {
            float[] theta = Parameters[p].Value, grad = Parameters[p].Grad;
            float[]? velocity = _velocity?[p];
            for (int i = 0; i < theta.Length; i++)
            {
                float g = wd == 0 ? grad[i] : grad[i] + wd * theta[i];
                if (velocity is not null)
                {
                    float b = first ? g : mu * velocity[i] + oneMinusDampening * g;
                    velocity[i] = b;
                    g = Options.Nesterov ? g + mu * b : b;
                }
                theta[i] -= lr * g;
            }
        }
        StepCount++;
    }
}
