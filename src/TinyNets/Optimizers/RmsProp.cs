using TinyNets.Models;

namespace TinyNets.Optimizers;

/// <summary>Options of <see cref="RmsProp"/>, with PyTorch's defaults.</summary>
public sealed record RmsPropOptions
{
    public double LearningRate { get; init => field = Require.NonNegative(value, "lr"); } = 1e-2;
    public double Alpha { get; init => field = Require.InRange01(value, "alpha"); } = 0.99;
    public double Epsilon { get; init => field = Require.NonNegative(value, "eps"); } = 1e-8;
    public double WeightDecay { get; init => field = Require.NonNegative(value, "weight_decay"); }
    public double Momentum { get; init => field = Require.NonNegative(value, "momentum"); }
    public bool Centered { get; init; }
}

/// <summary>
/// Hinton's RMSprop (Lecture 6e, 2012; centered form from Graves 2013), as <c>torch.optim.RMSprop</c>:
/// g ← ∇ + λθ; V ← αV + (1 − α)g²; with centering G ← αG + (1 − α)g and D = √(V − G²) + ε, else D = √V + ε;
/// with momentum B ← μB + g/D and θ ← θ − ηB, else θ ← θ − ηg/D.
/// </summary>
public sealed class RmsProp : Optimizer
{
    private readonly float[][] _v;
    private readonly float[][]? _g, _b;

    public RmsProp(IReadOnlyList<Parameter> parameters, RmsPropOptions options) : base(parameters, options.LearningRate)
    {
        Options = options;
        _v = AddState("square_avg");
        if (options.Centered) _g = AddState("grad_avg");
        if (options.Momentum > 0) _b = AddState("momentum_buffer");
    }

    public RmsPropOptions Options { get; }

    public override string Name => "rmsprop";

    public override void Step()
    {
        StepCount++;
        float lr = (float)LearningRate, alpha = (float)Options.Alpha, oneMinusAlpha = (float)(1 - Options.Alpha);
        float eps = (float)Options.Epsilon, wd = (float)Options.WeightDecay, mu = (float)Options.Momentum;
        for (int p = 0; p < Parameters.Length; p++)
        {
            float[] theta = Parameters[p].Value, grad = Parameters[p].Grad, v = _v[p];
            float[]? gAvg = _g?[p], b = _b?[p];
            var sums = new UpdateSums();
            bool statistics = Statistics is not null;
            for (int i = 0; i < theta.Length; i++)
            {
                float old = theta[i];
                float g = wd == 0 ? grad[i] : grad[i] + wd * theta[i];
                float vi = v[i] = alpha * v[i] + oneMinusAlpha * g * g;
                float d;
                if (gAvg is not null)
                {
                    float ga = gAvg[i] = alpha * gAvg[i] + oneMinusAlpha * g;
                    d = MathF.Sqrt(vi - ga * ga) + eps;
                }
                else d = MathF.Sqrt(vi) + eps;
                if (b is not null)
                {
                    float bi = b[i] = mu * b[i] + g / d;
                    theta[i] -= lr * bi;
                }
                else theta[i] -= lr * g / d;
                if (statistics) sums.Add(old, theta[i], grad[i]);
            }
            Statistics?.Set(p, sums);
        }
    }
}
