using System.Runtime.Intrinsics;
using TinyNets.Models;

namespace TinyNets.Optimizers;

/// <summary>Options of <see cref="Adam"/> and <see cref="AdamW"/>, with PyTorch's defaults.</summary>
public sealed record AdamOptions
{
    public double LearningRate { get; init => field = Require.Positive(value, "lr"); } = 1e-3;
    public double Beta1 { get; init => field = Require.InRange01(value, "beta1"); } = 0.9;
    public double Beta2 { get; init => field = Require.InRange01(value, "beta2"); } = 0.999;
    public double Epsilon { get; init => field = Require.NonNegative(value, "eps"); } = 1e-8;

    /// <summary>L2 penalty added to the gradient for Adam; decoupled decay for AdamW (whose default is 0.01).</summary>
    public double WeightDecay { get; init => field = Require.NonNegative(value, "weight_decay"); }
    public bool AmsGrad { get; init; }
}

/// <summary>
/// Kingma &amp; Ba (2015), "Adam: A Method for Stochastic Optimization", as <c>torch.optim.Adam</c>:
/// g ← ∇ + λθ; M ← β₁M + (1 − β₁)g; V ← β₂V + (1 − β₂)g²; θ ← θ − η/(1 − β₁ᵗ) · M / (√V / √(1 − β₂ᵗ) + ε);
/// with AMSGrad (Reddi et al. 2018) V is replaced by its running maximum.
/// </summary>
public class Adam : Optimizer
{
    private readonly float[][] _m, _v;
    private readonly float[][]? _vMax;
    private readonly bool _decoupled;

    public Adam(IReadOnlyList<Parameter> parameters, AdamOptions options) : this(parameters, options, decoupled: false) { }

    private protected Adam(IReadOnlyList<Parameter> parameters, AdamOptions options, bool decoupled) : base(parameters, options.LearningRate)
    {
        Options = options;
        _decoupled = decoupled;
        _m = AddState("exp_avg");
        _v = AddState("exp_avg_sq");
        if (options.AmsGrad) _vMax = AddState("max_exp_avg_sq");
    }

    public AdamOptions Options { get; }

    public override string Name => "adam";

    public sealed override void Step()
    {
        StepCount++;
        double lr = LearningRate;
        float beta1 = (float)Options.Beta1, beta2 = (float)Options.Beta2, eps = (float)Options.Epsilon;
        float oneMinusBeta1 = (float)(1 - Options.Beta1), oneMinusBeta2 = (float)(1 - Options.Beta2);
        float l2 = _decoupled ? 0f : (float)Options.WeightDecay;
        float decay = _decoupled ? (float)(1 - lr * Options.WeightDecay) : 1f;
        // Bias corrections in double, as PyTorch computes them in Python floats.
        float stepSize = (float)(lr / (1 - Math.Pow(Options.Beta1, StepCount)));
        float correction2Sqrt = (float)Math.Sqrt(1 - Math.Pow(Options.Beta2, StepCount));
        var vBeta1 = Vector256.Create(beta1);
        var vBeta2 = Vector256.Create(beta2);
        var vOneMinusBeta1 = Vector256.Create(oneMinusBeta1);
        var vOneMinusBeta2 = Vector256.Create(oneMinusBeta2);
        var vEps = Vector256.Create(eps);
        var vL2 = Vector256.Create(l2);
        var vDecay = Vector256.Create(decay);
        var vStepSize = Vector256.Create(stepSize);
        var vCorrection2Sqrt = Vector256.Create(correction2Sqrt);
        for (int p = 0; p < Parameters.Count; p++)
        {
            float[] theta = Parameters[p].Value, grad = Parameters[p].Grad, m = _m[p], v = _v[p];
            float[]? vMax = _vMax?[p];
            int i = 0;
            // The vector body performs the scalar tail's operations in the same order, so both round alike.
            for (; i + Vector256<float>.Count <= theta.Length; i += Vector256<float>.Count)
            {
                var t = Vector256.Create(theta.AsSpan(i)) * vDecay;
                var g = l2 == 0 ? Vector256.Create(grad.AsSpan(i)) : Vector256.Create(grad.AsSpan(i)) + vL2 * t;
                var mi = vBeta1 * Vector256.Create(m.AsSpan(i)) + vOneMinusBeta1 * g;
                var vi = vBeta2 * Vector256.Create(v.AsSpan(i)) + vOneMinusBeta2 * g * g;
                mi.CopyTo(m.AsSpan(i));
                vi.CopyTo(v.AsSpan(i));
                if (vMax is not null)
                {
                    vi = Vector256.Max(Vector256.Create(vMax.AsSpan(i)), vi);
                    vi.CopyTo(vMax.AsSpan(i));
                }
                (t - vStepSize * mi / (Vector256.Sqrt(vi) / vCorrection2Sqrt + vEps)).CopyTo(theta.AsSpan(i));
            }
            for (; i < theta.Length; i++)
            {
                float t = theta[i] * decay;
                float g = l2 == 0 ? grad[i] : grad[i] + l2 * t;
                float mi = beta1 * m[i] + oneMinusBeta1 * g;
                float vi = beta2 * v[i] + oneMinusBeta2 * g * g;
                m[i] = mi;
                v[i] = vi;
                if (vMax is not null) vi = vMax[i] = Math.Max(vMax[i], vi);
                theta[i] = t - stepSize * mi / (MathF.Sqrt(vi) / correction2Sqrt + eps);
            }
        }
    }
}
