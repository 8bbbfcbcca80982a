using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TinyNets.Kernels;
using TinyNets.Models;

namespace TinyNets.Optimizers;

/// <summary>Options of <see cref="Sgd"/>, with PyTorch's defaults (lr 1e-3 as in PyTorch 2).</summary>
public sealed record SgdOptions
{
    public double LearningRate { get; init => field = Require.NonNegative(value, "lr"); } = 1e-3;
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
        var k = new Constants
        {
            LearningRate = (float)LearningRate,
            Momentum = (float)Options.Momentum,
            WeightDecay = (float)Options.WeightDecay,
            OneMinusDampening = (float)(1 - Options.Dampening),
            First = StepCount == 0,
            Nesterov = Options.Nesterov,
        };
        for (int p = 0; p < Parameters.Length; p++)
        {
            if (Simd.WideFor(Parameters[p].Count)) Update<Simd512, Vector512<float>>(Parameters[p].Value, Parameters[p].Grad, _velocity?[p], k, Statistics, p);
            else Update<Simd256, Vector256<float>>(Parameters[p].Value, Parameters[p].Grad, _velocity?[p], k, Statistics, p);
        }
        StepCount++;
    }

    private readonly struct Constants
    {
        public float LearningRate { get; init; }
        public float Momentum { get; init; }
        public float WeightDecay { get; init; }
        public float OneMinusDampening { get; init; }
        public bool First { get; init; }
        public bool Nesterov { get; init; }
    }

    // Whole vectors, the last one partial (masked), as in Adam. Stores Σθ², Σθ'², Σ(θ' − θ)² and Σg² in statistics when asked.
    private static void Update<S, V>(float[] theta, float[] grad, float[]? velocity, in Constants k, UpdateStatistics? statistics, int parameter)
        where S : ISimd<V> where V : struct
    {
        int n = theta.Length;
        if (grad.Length != n || (velocity is not null && velocity.Length != n))
            throw new ArgumentException("optimizer state does not match its parameter's length");
        V sb = S.Zero, sa = S.Zero, sd = S.Zero, sg = S.Zero;
        ref float tRef = ref MemoryMarshal.GetArrayDataReference(theta);
        ref float gRef = ref MemoryMarshal.GetArrayDataReference(grad);
        V lr = S.Broadcast(k.LearningRate), mu = S.Broadcast(k.Momentum), wd = S.Broadcast(k.WeightDecay);
        V damp = S.Broadcast(k.OneMinusDampening);
        for (int i = 0; i < n; i += S.Lanes)
        {
            int count = Math.Min(S.Lanes, n - i);
            V t = Simd.Load<S, V>(ref tRef, i, count);
            V raw = Simd.Load<S, V>(ref gRef, i, count);
            V g = k.WeightDecay == 0 ? raw : S.Add(raw, S.Multiply(wd, t));
            if (velocity is not null)
            {
                ref float bRef = ref MemoryMarshal.GetArrayDataReference(velocity);
                V b = k.First ? g : S.Add(S.Multiply(mu, Simd.Load<S, V>(ref bRef, i, count)), S.Multiply(damp, g));
                Simd.Store<S, V>(b, ref bRef, i, count);
                g = k.Nesterov ? S.Add(g, S.Multiply(mu, b)) : b;
            }
            V updated = S.Subtract(t, S.Multiply(lr, g));
            Simd.Store<S, V>(updated, ref tRef, i, count);
            if (statistics is not null)
            {
                V d = S.Subtract(updated, t);   // the unused lanes are 0: every input there is 0
                sb = S.MultiplyAdd(t, t, sb);
                sa = S.MultiplyAdd(updated, updated, sa);
                sd = S.MultiplyAdd(d, d, sd);
                sg = S.MultiplyAdd(raw, raw, sg);
            }
        }
        if (statistics is not null) statistics.Set(parameter, n > 0 ? Simd.Sums<S, V>(sb, sa, sd, sg) : default);
    }
}
