using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TinyNets.Kernels;
using TinyNets.Models;

namespace TinyNets.Optimizers;

/// <summary>Options of <see cref="Adam"/> and <see cref="AdamW"/>, with PyTorch's defaults.</summary>
public sealed record AdamOptions
{
    public double LearningRate { get; init => field = Require.NonNegative(value, "lr"); } = 1e-3;
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
        var k = new Constants
        {
            Beta1 = (float)Options.Beta1,
            Beta2 = (float)Options.Beta2,
            OneMinusBeta1 = (float)(1 - Options.Beta1),
            OneMinusBeta2 = (float)(1 - Options.Beta2),
            Epsilon = (float)Options.Epsilon,
            L2 = _decoupled ? 0f : (float)Options.WeightDecay,
            Decay = _decoupled ? (float)(1 - lr * Options.WeightDecay) : 1f,
            // Bias corrections in double, as PyTorch computes them in Python floats.
            StepSize = (float)(lr / (1 - Math.Pow(Options.Beta1, StepCount))),
            Correction2Sqrt = (float)Math.Sqrt(1 - Math.Pow(Options.Beta2, StepCount)),
        };
        for (int p = 0; p < Parameters.Length; p++)
        {
            if (Simd.WideFor(Parameters[p].Count)) Update<Simd512, Vector512<float>>(Parameters[p].Value, Parameters[p].Grad, _m[p], _v[p], _vMax?[p], k, Statistics, p);
            else Update<Simd256, Vector256<float>>(Parameters[p].Value, Parameters[p].Grad, _m[p], _v[p], _vMax?[p], k, Statistics, p);
        }
    }

    private readonly struct Constants
    {
        public float Beta1 { get; init; }
        public float Beta2 { get; init; }
        public float OneMinusBeta1 { get; init; }
        public float OneMinusBeta2 { get; init; }
        public float Epsilon { get; init; }
        public float L2 { get; init; }
        public float Decay { get; init; }
        public float StepSize { get; init; }
        public float Correction2Sqrt { get; init; }
    }

    // Whole vectors, the last one partial (masked loads and stores): a small net's tensors (4, 5, 12, 20 values) are
    // mostly shorter than a vector, and a scalar loop's square root and division per element cost more than the
    // rest of the step. IEEE arithmetic rounds each lane as a scalar would, so results do not depend on the width.
    // Stores Σθ², Σθ'², Σ(θ' − θ)² and Σg² in statistics when asked for them.
    private static void Update<S, V>(float[] theta, float[] grad, float[] m, float[] v, float[]? vMax,
        in Constants k, UpdateStatistics? statistics, int parameter)
        where S : ISimd<V> where V : struct
    {
        int n = theta.Length;
        if (grad.Length != n || m.Length != n || v.Length != n || (vMax is not null && vMax.Length != n))
            throw new ArgumentException("optimizer state does not match its parameter's length");
        V sb = S.Zero, sa = S.Zero, sd = S.Zero, sg = S.Zero;
        ref float tRef = ref MemoryMarshal.GetArrayDataReference(theta);
        ref float gRef = ref MemoryMarshal.GetArrayDataReference(grad);
        ref float mRef = ref MemoryMarshal.GetArrayDataReference(m);
        ref float vRef = ref MemoryMarshal.GetArrayDataReference(v);
        V beta1 = S.Broadcast(k.Beta1), beta2 = S.Broadcast(k.Beta2), oneMinusBeta1 = S.Broadcast(k.OneMinusBeta1);
        V oneMinusBeta2 = S.Broadcast(k.OneMinusBeta2), eps = S.Broadcast(k.Epsilon), l2 = S.Broadcast(k.L2);
        V decay = S.Broadcast(k.Decay), stepSize = S.Broadcast(k.StepSize), correction2Sqrt = S.Broadcast(k.Correction2Sqrt);
        for (int i = 0; i < n; i += S.Lanes)
        {
            int count = Math.Min(S.Lanes, n - i);
            V old = Simd.Load<S, V>(ref tRef, i, count);
            V t = S.Multiply(old, decay);
            V raw = Simd.Load<S, V>(ref gRef, i, count);
            V g = k.L2 != 0 ? S.Add(raw, S.Multiply(l2, t)) : raw;
            V mi = S.Add(S.Multiply(beta1, Simd.Load<S, V>(ref mRef, i, count)), S.Multiply(oneMinusBeta1, g));
            V vi = S.Add(S.Multiply(beta2, Simd.Load<S, V>(ref vRef, i, count)), S.Multiply(S.Multiply(oneMinusBeta2, g), g));
            Simd.Store<S, V>(mi, ref mRef, i, count);
            Simd.Store<S, V>(vi, ref vRef, i, count);
            if (vMax is not null)
            {
                ref float xRef = ref MemoryMarshal.GetArrayDataReference(vMax);
                vi = S.Max(Simd.Load<S, V>(ref xRef, i, count), vi);
                Simd.Store<S, V>(vi, ref xRef, i, count);
            }
            V denominator = S.Add(S.Divide(S.Sqrt(vi), correction2Sqrt), eps);
            V updated = S.Subtract(t, S.Divide(S.Multiply(stepSize, mi), denominator));
            Simd.Store<S, V>(updated, ref tRef, i, count);
            if (statistics is not null)
            {
                if (count < S.Lanes) updated = S.KeepFirst(updated, count);   // the unused lanes hold 0/0 when eps is 0
                V d = S.Subtract(updated, old);
                sb = S.MultiplyAdd(old, old, sb);
                sa = S.MultiplyAdd(updated, updated, sa);
                sd = S.MultiplyAdd(d, d, sd);
                sg = S.MultiplyAdd(raw, raw, sg);
            }
        }
        if (statistics is not null) statistics.Set(parameter, n > 0 ? Simd.Sums<S, V>(sb, sa, sd, sg) : default);
    }
}
