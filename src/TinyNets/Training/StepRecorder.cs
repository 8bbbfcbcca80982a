using TinyNets.Activations;
using TinyNets.Kernels;
using TinyNets.Models;

namespace TinyNets.Training;

/// <summary>Options of <see cref="StepRecorder"/>.</summary>
/// <param name="Capacity">Rows kept in memory; past it, pairs of rows are merged (keeping the higher-loss one) and the
/// sampling stride doubles, so a run of any length stays within this many rows.</param>
/// <param name="ActivationEvery">Record activation statistics every this many steps (empty in between); gradient
/// and weight statistics are recorded at every step.</param>
public sealed record StepRecorderOptions(int Capacity = 1 << 16, int ActivationEvery = 10);

/// <summary>
/// Records every step of a training run for the debugger: the minibatch loss and learning rate; for every parameter
/// tensor (state-dict keys), the gradient's L2 norm before the optimizer step, the parameter's L2 norm after it, and the
/// update ratio ‖Δθ‖ / ‖θ before‖; for every activation layer, the mean and std of its output, the fraction of dead
/// units (a ReLU unit that is zero for the whole batch) and of saturated units (sigmoid below 0.01 or above 0.99,
/// |tanh| above 0.99). Storage and the copy of the weights taken before each step are allocated once.
/// <para>What keeps it cheap on a 3 us step (docs/BENCHMARKS.md): the optimizer sums the weight and gradient statistics
/// inside its own update pass (<see cref="Optimizers.Optimizer.Statistics"/>); a step stores squared norms, square-rooted
/// in bulk when the rows are read; activation statistics take one vector pass per layer, every
/// <see cref="StepRecorderOptions.ActivationEvery"/> steps. The row storage comes from
/// <see cref="System.Buffers.ArrayPool{T}.Shared"/>; <see cref="Dispose"/> gives it back once the rows are written out, so
/// the next run in the process (a study's next trial) reuses memory already mapped: fresh memory alone cost gauss5 +25%.</para>
/// </summary>
public sealed class StepRecorder : ITrainingObserver, IDisposable
{
    private readonly Sequential _model;
    private readonly float[][] _before;
    private readonly float[] _beforeSquares;
    private readonly Optimizers.UpdateStatistics _statistics;
    private bool _fused, _fusedGradients;
    private readonly int[] _activationLayers;
    private float[] _rows;
    private readonly int _width;
    private int _count, _stride = 1;
    private int _rooted;   // rows before this one hold norms; the later ones still hold their squares (see Root)

    public StepRecorder(Sequential model, int attempt = 0, StepRecorderOptions? options = null)
    {
        _model = model;
        Attempt = attempt;
        Options = options ?? new StepRecorderOptions();
        Require.Positive(Options.Capacity, "capacity");
        Require.Positive(Options.ActivationEvery, "activation_every");
        _before = model.Parameters.Select(p => new float[p.Count]).ToArray();
        _beforeSquares = new float[_before.Length];
        _statistics = new Optimizers.UpdateStatistics(_before.Length);
        _activationLayers = Enumerable.Range(0, model.Layers.Count)
            .Where(i => model.Layers[i] is ReLU or LeakyReLU or Sigmoid or Tanh or GELU or Softmax).ToArray();
        var columns = new List<string> { "attempt", "epoch", "step", "loss", "lr" };
        foreach (var p in model.Parameters) columns.AddRange([$"{p.Name}.grad_norm", $"{p.Name}.norm", $"{p.Name}.update_ratio"]);
        foreach (int i in _activationLayers) columns.AddRange([$"{i}.act_mean", $"{i}.act_std", $"{i}.dead_fraction", $"{i}.saturated_fraction"]);
        Columns = columns;
        _width = columns.Count;
        _rows = System.Buffers.ArrayPool<float>.Shared.Rent(Math.Min(Options.Capacity, 1024) * _width);
    }

    public int Attempt { get; }

    /// <summary>The model being recorded.</summary>
    public Sequential Model => _model;
    public StepRecorderOptions Options { get; }

    /// <summary>Column names, as in <c>steps.csv</c>.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Rows recorded (at most the capacity).</summary>
    public int Count => _count;

    /// <summary>Steps per recorded row: 1 until the capacity was reached, then 2, 4, ...</summary>
    public int Stride => _stride;

    /// <summary>Row <paramref name="index"/>, one value per column.</summary>
    public ReadOnlySpan<float> Row(int index)
    {
        Root();
        return _rows.AsSpan(index * _width, _width);
    }

    /// <summary>The values of one column over the recorded rows.</summary>
    public float[] Column(string name)
    {
        int c = Columns.ToList().IndexOf(name);
        if (c < 0) throw new ArgumentException($"no column '{name}'");
        Root();
        var values = new float[_count];
        for (int r = 0; r < _count; r++) values[r] = _rows[r * _width + c];
        return values;
    }

    /// <summary>Sizes the storage for the run (up to the capacity), so no step allocates.</summary>
    public void TrainingStarted(Trainer trainer, long expectedSteps)
    {
        long rows = Math.Min(Options.Capacity, _count + expectedSteps / _stride + 1);
        if (rows * _width > _rows.Length) Grow((int)(rows * _width));
    }

    public void AfterBackward(Trainer trainer, in StepInfo step)
    {
        if (!Sampled(step.Step)) return;
        var ps = _model.Parameters;
        // The optimizer can sum the weight statistics inside its own update pass, which saves copying the weights here.
        var optimizer = trainer.Optimizer;
        _fused = optimizer.Statistics == _statistics || (optimizer.Statistics is null && SameParameters(optimizer, ps));
        if (_fused) optimizer.Statistics = _statistics;
        // The optimizer also sums the gradient's squares as it reads it, unless clipping rescales the gradient in between.
        _fusedGradients = _fused && trainer.Options.ClipGradNorm is null;
        Span<float> row = NextRow();
        if (_fusedGradients) return;   // the whole row is filled in after the step
        for (int i = 0, c = 5; i < ps.Length; i++, c += 3)
        {
            if (_fused) row[c] = Elementwise.SumOfSquares(ps[i].Grad);
            else (row[c], _beforeSquares[i]) = Statistics.SquaresAndCopy(ps[i].Grad, ps[i].Value, _before[i]);
        }
    }

    // The optimizer's statistics are per parameter in its own order: usable only if that is the model's order.
    private static bool SameParameters(Optimizers.Optimizer optimizer, System.Collections.Immutable.ImmutableArray<Parameter> ps)
    {
        if (optimizer.Parameters.Length != ps.Length) return false;
        for (int i = 0; i < ps.Length; i++)
            if (!ReferenceEquals(optimizer.Parameters[i], ps[i])) return false;
        return true;
    }

    public void AfterStep(Trainer trainer, in StepInfo step)
    {
        if (!Sampled(step.Step)) return;
        Span<float> row = _rows.AsSpan(_count * _width, _width);
        row[0] = Attempt;
        row[1] = step.Epoch;
        row[2] = step.Step;
        row[3] = step.Loss;
        row[4] = (float)step.LearningRate;
        // Squares (‖g‖², ‖θ′‖², ‖Δθ‖²/‖θ‖²; NaN or ∞ for an all-zero tensor): the square roots wait until the rows are read.
        var ps = _model.Parameters;
        for (int i = 0, c = 5; i < ps.Length; i++, c += 3)
        {
            if (_fused)
            {
                var sums = _statistics.Sums(i);   // Σθ², Σθ′², Σ(θ′ − θ)², Σg²
                if (_fusedGradients) row[c] = sums[3];
                row[c + 1] = sums[1];
                row[c + 2] = sums[2] / sums[0];
                continue;
            }
            var (squares, distanceSquares) = Statistics.SquaresAndDistance(ps[i].Value, _before[i]);
            row[c + 1] = squares;
            row[c + 2] = distanceSquares / _beforeSquares[i];
        }
        // The layer outputs are the forward pass's of this step still: the optimizer leaves them alone.
        var activity = row.Slice(5 + 3 * ps.Length);
        if (step.Step % Options.ActivationEvery == 0) Activations(activity, step.Batch);
        else activity.Fill(float.NaN);
        _count++;
    }

    private bool Sampled(long step) => step % _stride == 0;

    /// <summary>Moves the recorded rows to a pooled buffer of at least <paramref name="length"/> floats.</summary>
    private void Grow(int length)
    {
        var larger = System.Buffers.ArrayPool<float>.Shared.Rent(length);
        _rows.AsSpan(0, _count * _width).CopyTo(larger);
        System.Buffers.ArrayPool<float>.Shared.Return(_rows);
        _rows = larger;
    }

    /// <summary>Returns the row storage to the pool: call once the rows have been written out; the recorder is empty after.</summary>
    public void Dispose()
    {
        if (_rows.Length == 0) return;
        System.Buffers.ArrayPool<float>.Shared.Return(_rows);
        _rows = [];
        _count = _rooted = 0;
    }

    /// <summary>
    /// Turns the squares of the rows recorded since the last read into norms. A step only stores squares: a library
    /// call per step for a few dozen square roots was a measurable part of the recorder's cost on a 3 us step.
    /// </summary>
    private void Root()
    {
        int norms = 3 * _model.Parameters.Length;
        for (; _rooted < _count; _rooted++)
        {
            var span = _rows.AsSpan(_rooted * _width + 5, norms);
            for (int i = 0; i < span.Length; i++) span[i] = MathF.Sqrt(span[i]);
        }
    }

    private Span<float> NextRow()
    {
        if (_count == Options.Capacity) Compact();
        else if ((_count + 1) * _width > _rows.Length)   // steps beyond what TrainingStarted announced (Step called directly)
            Grow((int)Math.Min((long)Options.Capacity * _width, 2L * _rows.Length));
        return _rows.AsSpan(_count * _width, _width);
    }

    // Halves the rows in place: of each pair, the row with the higher loss stays (spikes are what a reader looks for).
    private void Compact()
    {
        Root();
        int kept = 0;
        for (int r = 0; r + 1 < _count; r += 2, kept++)
        {
            int pick = _rows[(r + 1) * _width + 3] > _rows[r * _width + 3] ? r + 1 : r;
            _rows.AsSpan(pick * _width, _width).CopyTo(_rows.AsSpan(kept * _width));
        }
        if (_count % 2 == 1) _rows.AsSpan((_count - 1) * _width, _width).CopyTo(_rows.AsSpan(kept++ * _width));
        _count = _rooted = kept;
        _stride *= 2;
    }

    // Unit-major outputs, one fused pass per layer (Statistics.Activity).
    private void Activations(Span<float> into, int n)
    {
        for (int a = 0, c = 0; a < _activationLayers.Length; a++, c += 4)
        {
            int layer = _activationLayers[a];
            ReadOnlySpan<float> y = _model.LayerOutput(layer, n);
            var kind = _model.Layers[layer];
            int units = n == 0 ? 0 : y.Length / n;
            var (sum, squares, dead, saturated) = kind switch
            {
                Sigmoid => Statistics.Activity(y, n, countOutside: true, 0.01f, 0.99f),
                Tanh => Statistics.Activity(y, n, countOutside: true, -0.99f, 0.99f),
                _ => Statistics.Activity(y, n, countOutside: false),
            };
            double mean = sum / y.Length;
            into[c] = (float)mean;
            into[c + 1] = (float)Math.Sqrt(Math.Max(squares / y.Length - mean * mean, 0));
            into[c + 2] = kind is ReLU && units > 0 ? (float)dead / units : float.NaN;
            into[c + 3] = kind is Sigmoid or Tanh && y.Length > 0 ? (float)saturated / y.Length : float.NaN;
        }
    }
}
