using System.Runtime.Intrinsics;
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
        var vLr = Vector256.Create(lr);
        var vMu = Vector256.Create(mu);
        var vWd = Vector256.Create(wd);
        var vDamp = Vector256.Create(oneMinusDampening);
        bool nesterov = Options.Nesterov;
        for (int p = 0; p < Parameters.Count; p++)
        {
            float[] theta = Parameters[p].Value, grad = Parameters[p].Grad;
            float[]? velocity = _velocity?[p];
            int i = 0;
            Vector256<float> sb = default, sa = default, sd = default, sg = default;
            bool statistics = Statistics is not null;
            // The vector body performs the scalar tail's operations in the same order, so both round alike.
            for (; i + Vector256<float>.Count <= theta.Length; i += Vector256<float>.Count)
            {
                var t = Vector256.Create(theta.AsSpan(i));
                var raw = Vector256.Create(grad.AsSpan(i));
                var g = wd == 0 ? raw : raw + vWd * t;
                if (velocity is not null)
                {
                    var b = first ? g : vMu * Vector256.Create(velocity.AsSpan(i)) + vDamp * g;
                    b.CopyTo(velocity.AsSpan(i));
                    g = nesterov ? g + vMu * b : b;
                }
                var updated = t - vLr * g;
                updated.CopyTo(theta.AsSpan(i));
                if (statistics)
                {
                    var d = updated - t;
                    sb = Vector256.FusedMultiplyAdd(t, t, sb);
                    sa = Vector256.FusedMultiplyAdd(updated, updated, sa);
                    sd = Vector256.FusedMultiplyAdd(d, d, sd);
                    sg = Vector256.FusedMultiplyAdd(raw, raw, sg);
                }
            }
            // Horizontal sums only when the vector body ran for statistics: most tensors of a small net are shorter than a vector.
            var sums = statistics && i > 0
                ? new UpdateSums { Before = Vector256.Sum(sb), After = Vector256.Sum(sa), Delta = Vector256.Sum(sd), Grad = Vector256.Sum(sg) }
                : default;
            for (; i < theta.Length; i++)
            {
                float g = wd == 0 ? grad[i] : grad[i] + wd * theta[i];
                if (velocity is not null)
                {
                    float b = first ? g : mu * velocity[i] + oneMinusDampening * g;
                    velocity[i] = b;
                    g = nesterov ? g + mu * b : b;
                }
                float old = theta[i];
                theta[i] = old - lr * g;
                if (statistics) sums.Add(old, theta[i], grad[i]);
            }
            Statistics?.Set(p, sums);
        }
        StepCount++;
    }
}
