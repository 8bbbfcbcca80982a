using System.Collections.Immutable;
using System.Runtime.Intrinsics;
using TinyNets.Models;

namespace TinyNets.Optimizers;

/// <summary>
/// Updates parameters from their gradients, as a <c>torch.optim.Optimizer</c> over one parameter group.
/// Per-parameter state buffers are allocated on construction, so <see cref="Step"/> allocates nothing.
/// </summary>
public abstract class Optimizer
{
    private readonly List<(string Name, float[][] Buffers)> _state = [];

    protected Optimizer(IReadOnlyList<Parameter> parameters, double learningRate)
    {
        Parameters = [.. parameters];
        LearningRate = learningRate;
    }

    /// <summary>The parameters, in the order the state and statistics use. An array rather than the list given: a step
    /// indexes it a few times per tensor, and a list behind an interface cost xor's step about 8%.</summary>
    public ImmutableArray<Parameter> Parameters { get; }

    /// <summary>The current learning rate; schedules change it between steps. Zero is allowed, as in PyTorch: a cosine
    /// schedule reaches its eta_min of 0 at epoch T_max.</summary>
    public double LearningRate
    {
        get;
        set => field = Require.NonNegative(value, "lr");
    }

    /// <summary>
    /// When set, every step also sums, per parameter, ‖θ before‖², ‖θ after‖² and ‖Δθ‖² within its own update pass, so
    /// the recorder gets update ratios without copying the weights. Null (the default) costs nothing.
    /// </summary>
    public UpdateStatistics? Statistics { get; set; }

    /// <summary>Steps taken so far (PyTorch's <c>state['step']</c>).</summary>
    public long StepCount { get; protected set; }

    /// <summary>The name the command line and configs use.</summary>
    public abstract string Name { get; }

    /// <summary>Applies one update to every parameter from its current gradient.</summary>
    public abstract void Step();

    /// <summary>Registers a state buffer per parameter, named as in PyTorch's state dict ("exp_avg", "momentum_buffer").</summary>
    protected float[][] AddState(string name, float initialValue = 0f)
    {
        var buffers = new float[Parameters.Length][];
        for (int i = 0; i < buffers.Length; i++)
        {
            buffers[i] = new float[Parameters[i].Count];
            if (initialValue != 0f) buffers[i].AsSpan().Fill(initialValue);
        }
        _state.Add((name, buffers));
        return buffers;
    }

    /// <summary>A copy of the state: step count, learning rate and every buffer keyed "&lt;parameter&gt;.&lt;buffer&gt;".</summary>
    public OptimizerState SaveState()
    {
        var buffers = new Dictionary<string, float[]>();
        foreach (var (name, perParameter) in _state)
            for (int i = 0; i < perParameter.Length; i++)
                buffers[$"{Parameters[i].Name}.{name}"] = (float[])perParameter[i].Clone();
        return new OptimizerState(Name, StepCount, LearningRate, buffers);
    }

    /// <summary>Restores state saved by an optimizer of the same kind over parameters of the same names and shapes.</summary>
    public void LoadState(OptimizerState state)
    {
        if (state.Optimizer != Name)
            throw new TinyNetsException($"optimizer state is for '{state.Optimizer}', this optimizer is '{Name}'");
        foreach (var (name, perParameter) in _state)
            for (int i = 0; i < perParameter.Length; i++)
            {
                string key = $"{Parameters[i].Name}.{name}";
                if (!state.Buffers.TryGetValue(key, out var values))
                    throw new TinyNetsException($"optimizer state has no '{key}'");
                if (values.Length != perParameter[i].Length)
                    throw new TinyNetsException($"optimizer state '{key}' has {values.Length} values, the parameter has {perParameter[i].Length}");
                values.CopyTo(perParameter[i], 0);
            }
        StepCount = state.Step;
        LearningRate = state.LearningRate;
    }
}

/// <summary>Per-parameter sums an optimizer fills in during a step when asked (see <see cref="Optimizer.Statistics"/>).</summary>
/// <remarks>Stored as one Σθ², Σθ′², Σ(θ′ − θ)², Σg² quadruple per parameter, so a vector update stores its four sums
/// with one instruction: taking the lanes apart into four arrays cost xor's recorded step about 8% (docs/BENCHMARKS.md).
/// The quadruples go to a buffer of their own, or (<see cref="Into"/>) straight into a row of the recorder's storage.
/// The vector updates store them themselves rather than return them: a <c>Vector128</c> in <c>Step</c> keeps ReadyToRun
/// from precompiling it, and its JIT-compiled code is then never recompiled with profile data (xor 3-5% slower).</remarks>
public sealed class UpdateStatistics
{
    private readonly int _parameters;
    private float[] _sums;
    private int _offset;

    public UpdateStatistics(int parameters)
    {
        _parameters = parameters;
        _sums = new float[4 * parameters];
    }

    /// <summary>Σθ² before the step.</summary>
    public float BeforeSquares(int parameter) => _sums[Index(parameter)];

    /// <summary>Σθ′² after the step.</summary>
    public float AfterSquares(int parameter) => _sums[Index(parameter) + 1];

    /// <summary>Σ(θ′ − θ)², the squared length of the update.</summary>
    public float DeltaSquares(int parameter) => _sums[Index(parameter) + 2];

    /// <summary>Σg² of the gradient the optimizer was given (before its own weight decay term).</summary>
    public float GradSquares(int parameter) => _sums[Index(parameter) + 3];

    /// <summary>Sends the next steps' quadruples to <paramref name="buffer"/> from <paramref name="offset"/> on, four
    /// floats per parameter in the optimizer's order (the recorder points this at the row it fills).</summary>
    internal void Into(float[] buffer, int offset)
    {
        if ((uint)offset > (uint)buffer.Length || buffer.Length - offset < 4 * _parameters)
            throw new ArgumentOutOfRangeException(nameof(offset), "the buffer has no room for every parameter's sums");
        _sums = buffer;
        _offset = offset;
    }

    /// <summary>As <see cref="Into"/>, within the same buffer: a step only moves the offset, since storing a reference
    /// costs a write barrier. Unchecked here (the check was 1.5 of the recorder's 13 ns a step on xor): <see cref="Set(int, Vector128{float})"/>
    /// stores through a bounds-checked span, so a wrong offset throws rather than writes outside the buffer.</summary>
    internal void MoveTo(int offset) => _offset = offset;

    // Inlined, with the throw in a method of its own: as a call, storing the four sums took 2.1-3.3 ns of xor's SGD step
    // (four tensors, alone in a loop on Zen 5), inlined 0.7 ns.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private int Index(int parameter)
    {
        if ((uint)parameter >= (uint)_parameters) NoSuchParameter(parameter);
        return _offset + 4 * parameter;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void NoSuchParameter(int parameter) =>
        throw new ArgumentOutOfRangeException(nameof(parameter), parameter, "no such parameter");

    /// <summary>From a vector update: the four sums in the order above (<see cref="Kernels.Simd.Sums"/>).</summary>
    internal void Set(int parameter, Vector128<float> sums) =>
        Vector128.CopyTo(sums, _sums.AsSpan(Index(parameter), 4));

    // Scalar stores: a Vector128 here would be inlined into the scalar optimizers' Step and keep ReadyToRun from it.
    internal void Set(int parameter, in UpdateSums sums)
    {
        var four = _sums.AsSpan(Index(parameter), 4);
        four[0] = sums.Before;
        four[1] = sums.After;
        four[2] = sums.Delta;
        four[3] = sums.Grad;
    }
}

/// <summary>Running Σθ², Σθ′², Σ(θ′ − θ)² and Σg² over one tensor's update, element by element (the scalar loops and tails).</summary>
internal struct UpdateSums
{
    public float Before, After, Delta, Grad;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Add(float old, float updated, float grad)
    {
        Before += old * old;
        After += updated * updated;
        Delta += (updated - old) * (updated - old);
        Grad += grad * grad;
    }
}

/// <summary>What an optimizer needs to continue exactly where it stopped.</summary>
public sealed record OptimizerState(string Optimizer, long Step, double LearningRate, IReadOnlyDictionary<string, float[]> Buffers);
