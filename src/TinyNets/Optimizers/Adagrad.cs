using TinyNets.Models;

namespace TinyNets.Optimizers;

/// <summary>Options of <see cref="Adagrad"/>, with PyTorch's defaults.</summary>
public sealed record AdagradOptions
{
    public double LearningRate { get; init => field = Require.NonNegative(value, "lr"); } = 1e-2;
    public double LearningRateDecay { get; init => field = Require.NonNegative(value, "lr_decay"); }
    public double WeightDecay { get; init => field = Require.NonNegative(value, "weight_decay"); }
    public double InitialAccumulatorValue { get; init => field = Require.NonNegative(value, "initial_accumulator_value"); }
    public double Epsilon { get; init => field = Require.NonNegative(value, "eps"); } = 1e-10;
}

/// <summary>
/// Duchi, Hazan &amp; Singer (2011), "Adaptive Subgradient Methods", as <c>torch.optim.Adagrad</c>:
/// g ← ∇ + λθ; η_t = η / (1 + (t − 1)·decay); S ← S + g²; θ ← θ − η_t·g / (√S + ε).
/// </summary>
public sealed class Adagrad : Optimizer
{
    private readonly float[][] _sum;

    public Adagrad(IReadOnlyList<Parameter> parameters, AdagradOptions options) : base(parameters, options.LearningRate)
    {
        Options = options;
        _sum = AddState("sum", (float)options.InitialAccumulatorValue);
    }

    public AdagradOptions Options { get; }

    public override string Name => "adagrad";

    public override void Step()
    {
        StepCount++;
        float lr = (float)(LearningRate / (1 + (StepCount - 1) * Options.LearningRateDecay));
        float eps = (float)Options.Epsilon, wd = (float)Options.WeightDecay;
        for (int p = 0; p < Parameters.Length; p++)
        {
            float[] theta = Parameters[p].Value, grad = Parameters[p].Grad, sum = _sum[p];
            var sums = new UpdateSums();
            bool statistics = Statistics is not null;
            for (int i = 0; i < theta.Length; i++)
            {
                float old = theta[i];
                float g = wd == 0 ? grad[i] : grad[i] + wd * theta[i];
                float s = sum[i] = sum[i] + g * g;
                theta[i] -= lr * g / (MathF.Sqrt(s) + eps);
                if (statistics) sums.Add(old, theta[i], grad[i]);
            }
            Statistics?.Set(p, sums);
        }
    }
}
