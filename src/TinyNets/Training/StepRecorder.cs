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
/// <para>What keeps it cheap on a step under a microsecond (docs/BENCHMARKS.md): the optimizer sums the weight and
/// gradient statistics inside its own update pass (<see cref="Optimizers.Optimizer.Statistics"/>) and stores them,
/// as squares, straight into the row; activation statistics take one vector pass per layer, every
/// <see cref="StepRecorderOptions.ActivationEvery"/> steps; what is left (square roots, ratios, activation means and
/// fractions, the columns' final order, empty activation blocks) is done in bulk when the rows are read. The row storage comes from
/// <see cref="System.Buffers.ArrayPool{T}.Shared"/>; <see cref="Dispose"/> gives it back once the rows are written out, so
/// the next run in the process (a study's next trial) reuses memory already mapped: fresh memory alone cost gauss5 +25%.</para>
/// </summary>
public sealed class StepRecorder : ITrainingObserver, IDisposable
{
    private readonly Sequential _model;
    private readonly float[][] _before;
    private readonly float[] _gradSquares;
    private readonly float[] _scratch;   // where the optimizer's sums go once the rows are given back
    private readonly Optimizers.UpdateStatistics _statistics;
    private bool _fused, _fusedGradients;
    private readonly int[] _activationLayers;
    private readonly ActivationKind[] _activationKinds;
    private float[] _rows;
    private readonly int _width;   // the columns of a finished row
    private readonly int _slot;   // floats a row takes while it is filled: four sums per parameter, not three norms
    private int _count, _stride = 1;
    private int _roomFor;   // the count of rows past which row _count would not fit, or the capacity if less
    private int _finished;   // rows before this one are as read; the later ones are as a step left them (see Finish)

    public StepRecorder(Sequential model, int attempt = 0, StepRecorderOptions? options = null)
    {
        _model = model;
        Attempt = attempt;
        Options = options ?? new StepRecorderOptions();
        Require.Positive(Options.Capacity, "capacity");
        Require.Positive(Options.ActivationEvery, "activation_every");
        _before = model.Parameters.Select(p => new float[p.Count]).ToArray();
        _gradSquares = new float[_before.Length];
        _scratch = new float[4 * _before.Length];
        _statistics = new Optimizers.UpdateStatistics(_before.Length);
        _activationLayers = Enumerable.Range(0, model.Layers.Count)
            .Where(i => model.Layers[i] is ReLU or LeakyReLU or Sigmoid or Tanh or GELU or Softmax).ToArray();
        _activationKinds = _activationLayers.Select(i => model.Layers[i] switch
        {
            ReLU => ActivationKind.ReLU,
            Sigmoid => ActivationKind.Sigmoid,
            Tanh => ActivationKind.Tanh,
            _ => ActivationKind.Other,
        }).ToArray();
        var columns = new List<string> { "attempt", "epoch", "step", "loss", "lr" };
        foreach (var p in model.Parameters) columns.AddRange([$"{p.Name}.grad_norm", $"{p.Name}.norm", $"{p.Name}.update_ratio"]);
        foreach (int i in _activationLayers) columns.AddRange([$"{i}.act_mean", $"{i}.act_std", $"{i}.dead_fraction", $"{i}.saturated_fraction"]);
        Columns = columns;
        _width = columns.Count;
        _slot = _width + _before.Length;
        _rows = System.Buffers.ArrayPool<float>.Shared.Rent((Math.Min(Options.Capacity, 1024) + 1) * _slot);
        _statistics.Into(_rows, 5);
        _roomFor = Math.Min(Options.Capacity, _rows.Length / _slot);
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
        if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
        Finish();
        return _rows.AsSpan(index * _slot, _width);
    }

    /// <summary>The values of one column over the recorded rows.</summary>
    public float[] Column(string name)
    {
        int c = Columns.ToList().IndexOf(name);
        if (c < 0) throw new ArgumentException($"no column '{name}'");
        Finish();
        var values = new float[_count];
        for (int r = 0; r < _count; r++) values[r] = _rows[r * _slot + c];
        return values;
    }

    /// <summary>Sizes the storage for the run (up to the capacity), so no step allocates.</summary>
    public void TrainingStarted(Trainer trainer, long expectedSteps)
    {
        long rows = Math.Min(Options.Capacity, _count + expectedSteps / _stride + 1) + 1;   // and the one being filled
        if (rows * _slot > _rows.Length) Grow((int)(rows * _slot));
    }

    // A row while it is filled: attempt (until read: the batch size if the row has activation statistics, else 0),
    // epoch, step, loss, lr; per parameter Σθ², Σθ′², Σ(θ′ − θ)², Σg² (the optimizer's order, which is the model's);
    // per activation layer Σy, Σy², dead units and values outside the saturation bounds.
    // Row _count is always there to be filled; when the optimizer sums the statistics, they go straight into it.
    public void AfterBackward(Trainer trainer, in StepInfo step)
    {
        var optimizer = trainer.Optimizer;
        if (optimizer.Statistics == _statistics && trainer.Options.ClipGradNorm is null)
        {
            _fused = _fusedGradients = true;   // every sum lands in the row during the optimizer's step
            return;
        }
        if (!Sampled(step.Step)) return;
        var ps = _model.Parameters;
        // The optimizer can sum the weight statistics inside its own update pass, which saves copying the weights here.
        _fused = optimizer.Statistics == _statistics || (optimizer.Statistics is null && SameParameters(optimizer, ps));
        if (_fused) optimizer.Statistics = _statistics;
        // The optimizer also sums the gradient's squares as it reads it, unless clipping rescales the gradient in between.
        _fusedGradients = _fused && trainer.Options.ClipGradNorm is null;
        if (_fusedGradients) return;
        int start = _count * _slot;
        for (int i = 0; i < ps.Length; i++)
        {
            if (_fused) _gradSquares[i] = Elementwise.SumOfSquares(ps[i].Grad);
            else
            {
                var (grad, before) = Statistics.SquaresAndCopy(ps[i].Grad, ps[i].Value, _before[i]);
                _rows[start + 5 + 4 * i] = before;
                _gradSquares[i] = grad;
            }
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
        if (!Sampled(step.Step)) return;   // the optimizer's sums in row _count are overwritten by the next recorded step
        Span<float> row = _rows.AsSpan(_count * _slot, _slot);
        bool activity = step.Step % Options.ActivationEvery == 0;
        row[0] = activity ? step.Batch : 0;
        row[1] = step.Epoch;
        row[2] = step.Step;
        row[3] = step.Loss;
        row[4] = (float)step.LearningRate;
        if (activity || !_fusedGradients) Complete(row, activity, step.Batch);
        if (++_count >= _roomFor) MakeRoom();
        _statistics.MoveTo(_count * _slot + 5);
    }

    // What most steps skip (a separate method keeps the common path short): the sums the optimizer did not take,
    // and the activation statistics.
    private void Complete(Span<float> row, bool activity, int batch)
    {
        if (!_fusedGradients)
        {
            var ps = _model.Parameters;
            for (int i = 0; i < ps.Length; i++)
            {
                var sums = row.Slice(5 + 4 * i, 4);
                sums[3] = _gradSquares[i];   // before clipping: the optimizer saw the clipped gradient
                if (!_fused) (sums[1], sums[2]) = Statistics.SquaresAndDistance(ps[i].Value, _before[i]);
            }
        }
        // The layer outputs are the forward pass's of this step still: the optimizer leaves them alone.
        if (activity) Activations(row.Slice(5 + 4 * _before.Length), batch);
    }

    // Row _count must be there for the next step: halves the rows at capacity, or grows the storage (steps beyond what
    // TrainingStarted announced, or Step called directly).
    private void MakeRoom()
    {
        if (_count >= Options.Capacity) Compact();
        else if ((_count + 1) * _slot > _rows.Length) Grow((int)Math.Min((Options.Capacity + 1L) * _slot, 2L * _rows.Length));
        _roomFor = Math.Min(Options.Capacity, _rows.Length / _slot);
    }

    /// <summary>Nothing: the epochs' losses and accuracies are the run's history (<see cref="TrainingHistory"/>), not rows.</summary>
    public void EpochEnd(Trainer trainer, EpochMetrics metrics) { }

    private bool Sampled(long step) => (step & (_stride - 1)) == 0;   // the stride is a power of two

    /// <summary>Moves the recorded rows to a pooled buffer of at least <paramref name="length"/> floats.</summary>
    private void Grow(int length)
    {
        var larger = System.Buffers.ArrayPool<float>.Shared.Rent(length);
        _rows.AsSpan(0, _count * _slot).CopyTo(larger);
        System.Buffers.ArrayPool<float>.Shared.Return(_rows);
        _rows = larger;
        _statistics.Into(_rows, _count * _slot + 5);
        _roomFor = Math.Min(Options.Capacity, _rows.Length / _slot);
    }

    /// <summary>Returns the row storage to the pool: call once the rows have been written out; the recorder is empty after.</summary>
    public void Dispose()
    {
        if (_rows.Length == 0) return;
        _statistics.Into(_scratch, 0);   // an optimizer still holding the statistics must not write into pooled memory
        System.Buffers.ArrayPool<float>.Shared.Return(_rows);
        _rows = [];
        _count = _finished = 0;
    }

    /// <summary>
    /// Completes the rows recorded since the last read, in place: the four sums of each parameter become its gradient
    /// norm, norm and update ratio, each activation layer's sums and counts its mean, std, dead and saturated fractions
    /// (all NaN if its step had none), moved up behind the norms, and the first column becomes the attempt. A step leaves this to one pass over many rows here: a few dozen square roots
    /// and divisions, the column shuffle and an empty block filled on every step were most of the recorder's cost on a
    /// step under a microsecond.
    /// </summary>
    private void Finish()
    {
        int parameters = _before.Length;
        for (; _finished < _count; _finished++)
        {
            var row = _rows.AsSpan(_finished * _slot, _slot);
            for (int i = 0; i < parameters; i++)   // three values where four were: never past this parameter's own sums
            {
                var sums = row.Slice(5 + 4 * i, 4);
                float before = sums[0], after = sums[1], delta = sums[2], grad = sums[3];
                var norms = row.Slice(5 + 3 * i, 3);
                norms[0] = MathF.Sqrt(grad);
                norms[1] = MathF.Sqrt(after);
                norms[2] = MathF.Sqrt(delta / before);   // NaN or ∞ for an all-zero tensor
            }
            int n = (int)row[0];
            for (int a = 0; a < _activationLayers.Length; a++)   // likewise moved up behind the norms
            {
                var raw = row.Slice(5 + 4 * parameters + 4 * a, 4);
                double sum = raw[0], squares = raw[1];
                float dead = raw[2], outside = raw[3];
                var into = row.Slice(5 + 3 * parameters + 4 * a, 4);
                if (n == 0)
                {
                    into.Fill(float.NaN);
                    continue;
                }
                var kind = _activationKinds[a];
                int units = _model.WidthAt(_activationLayers[a] + 1), length = units * n;
                double mean = sum / length;
                into[0] = (float)mean;
                into[1] = (float)Math.Sqrt(Math.Max(squares / length - mean * mean, 0));
                into[2] = kind == ActivationKind.ReLU && units > 0 ? dead / units : float.NaN;
                into[3] = kind is ActivationKind.Sigmoid or ActivationKind.Tanh && length > 0 ? outside / length : float.NaN;
            }
            row[0] = Attempt;
        }
    }

    // Halves the rows in place: of each pair, the row with the higher loss stays (spikes are what a reader looks for).
    private void Compact()
    {
        Finish();
        int kept = 0;
        for (int r = 0; r + 1 < _count; r += 2, kept++)
        {
            int pick = _rows[(r + 1) * _slot + 3] > _rows[r * _slot + 3] ? r + 1 : r;
            _rows.AsSpan(pick * _slot, _width).CopyTo(_rows.AsSpan(kept * _slot));
        }
        if (_count % 2 == 1) _rows.AsSpan((_count - 1) * _slot, _width).CopyTo(_rows.AsSpan(kept++ * _slot));
        _count = _finished = kept;
        _stride *= 2;
    }

    // Unit-major outputs, one fused pass per layer (Statistics.Activity); the means and fractions wait for Finish.
    private void Activations(Span<float> into, int n)
    {
        for (int a = 0, c = 0; a < _activationLayers.Length; a++, c += 4)
        {
            ReadOnlySpan<float> y = _model.LayerOutput(_activationLayers[a], n);
            var (sum, squares, dead, outside) = _activationKinds[a] switch
            {
                ActivationKind.ReLU => Statistics.Activity(y, n, countDead: true, countOutside: false),
                ActivationKind.Sigmoid => Statistics.Activity(y, n, countDead: false, countOutside: true, 0.01f, 0.99f),
                ActivationKind.Tanh => Statistics.Activity(y, n, countDead: false, countOutside: true, -0.99f, 0.99f),
                _ => Statistics.Activity(y, n, countDead: false, countOutside: false),
            };
            into[c] = sum;
            into[c + 1] = squares;
            into[c + 2] = dead;
            into[c + 3] = outside;
        }
    }

    private enum ActivationKind { ReLU, Sigmoid, Tanh, Other }
}
