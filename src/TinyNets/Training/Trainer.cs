using TinyNets.Data;
using TinyNets.Losses;
using TinyNets.Models;
using TinyNets.Optimizers;
using TinyNets.Randomness;
using TinyNets.Schedules;

namespace TinyNets.Training;

/// <summary>
/// The minibatch loop: shuffle → gather a batch → forward → loss → backward → observers → clip → optimizer step →
/// observers; at each epoch's end, evaluation, the learning-rate schedule and the epoch observers.
/// Every buffer is allocated on construction or at the start of <see cref="Fit"/>, so steps allocate nothing.
/// </summary>
public sealed class Trainer
{
    private readonly RandomStream _shuffle;
    private readonly List<ITrainingObserver> _observers = [];
    // Per hook, the observers whose type implements it: an inherited default (empty) hook is never called. The first
    // StepRecorder is apart, called first and directly. On xor's 0.3-us step (one step an epoch) an observer that
    // implements nothing cost 1-3% through its four interface calls; with a training run's observers (the recorder and
    // three that only watch epochs) the recorder's overhead went from +16-28% to +8-18%, of which the direct call is
    // 2-3 points (median +10.8% through the interface, +8.1% direct; docs/BENCHMARKS.md).
    private StepRecorder? _recorder;
    private ITrainingObserver[] _started = [], _afterBackward = [], _afterStep = [], _epochEnd = [];
    private readonly Evaluator _evaluator;
    private readonly float[] _outputGrad;
    private int[] _order = [];
    private long _steps;
    private bool _stopRequested;
    private long? _divergedAt;

    public Trainer(Sequential model, Loss loss, Optimizer optimizer, TrainerOptions options, RandomStream shuffle,
        LearningRateSchedule? schedule = null)
    {
        Model = model;
        Loss = loss;
        Optimizer = optimizer;
        Options = options;
        Schedule = schedule;
        _shuffle = shuffle;
        _evaluator = new Evaluator(model, loss, options.BatchSize);
        _outputGrad = _evaluator.OutputGrad;
    }

    public Sequential Model { get; }
    public Loss Loss { get; }
    public Optimizer Optimizer { get; }
    public TrainerOptions Options { get; }
    public LearningRateSchedule? Schedule { get; }

    /// <summary>Optimizer steps taken so far.</summary>
    public long Steps => _steps;

    /// <summary>The current epoch, from 1; 0 before training.</summary>
    public int Epoch { get; private set; }

    /// <summary>Adds an observer. Each hook calls the first <see cref="StepRecorder"/> added, then the other observers in
    /// the order they were added.</summary>
    public void AddObserver(ITrainingObserver observer)
    {
        _observers.Add(observer);
        if (observer is StepRecorder recorder && _recorder is null)
        {
            _recorder = recorder;
            return;
        }
        var map = observer.GetType().GetInterfaceMap(typeof(ITrainingObserver));
        ITrainingObserver[] With(ITrainingObserver[] observers, string hook)
        {
            int i = Array.FindIndex(map.InterfaceMethods, m => m.Name == hook);
            return map.TargetMethods[i].DeclaringType == typeof(ITrainingObserver) ? observers : [.. observers, observer];
        }
        _started = With(_started, nameof(ITrainingObserver.TrainingStarted));
        _afterBackward = With(_afterBackward, nameof(ITrainingObserver.AfterBackward));
        _afterStep = With(_afterStep, nameof(ITrainingObserver.AfterStep));
        _epochEnd = With(_epochEnd, nameof(ITrainingObserver.EpochEnd));
    }

    /// <summary>The observers, in the order they were added.</summary>
    public IReadOnlyList<ITrainingObserver> Observers => _observers;

    /// <summary>Ends training after the current step (from an observer, or another thread on Ctrl-C).</summary>
    public void RequestStop() => Volatile.Write(ref _stopRequested, true);

    /// <summary>Trains for <see cref="TrainerOptions.Epochs"/> epochs or until stopped or diverged.</summary>
    public TrainingHistory Fit(Dataset train, Dataset? validation = null, Dataset? test = null)
    {
        _evaluator.CheckShapes(train);
        if (validation is not null) _evaluator.CheckShapes(validation);
        if (test is not null) _evaluator.CheckShapes(test);
        var epochs = new List<EpochMetrics>(Options.Epochs);
        long expectedSteps = (long)Options.Epochs * ((train.Rows + Options.BatchSize - 1) / Options.BatchSize);
        _recorder?.TrainingStarted(this, expectedSteps);
        foreach (var observer in _started) observer.TrainingStarted(this, expectedSteps);
        for (int e = 0; e < Options.Epochs && !Volatile.Read(ref _stopRequested) && _divergedAt is null; e++)
        {
            var (trainLoss, trainAccuracy) = TrainEpoch(train);
            if (_divergedAt is not null) break;
            var val = validation is null ? (Evaluation?)null : Evaluate(validation);
            var tst = test is null ? (Evaluation?)null : Evaluate(test);
            var metrics = new EpochMetrics(Epoch, _steps, Optimizer.LearningRate, trainLoss, trainAccuracy,
                val?.Loss, val?.Accuracy, tst?.Loss, tst?.Accuracy);
            epochs.Add(metrics);
            Schedule?.Step(val?.Loss ?? trainLoss);
            _recorder?.EpochEnd(this, metrics);
            foreach (var observer in _epochEnd) observer.EpochEnd(this, metrics);
        }
        return new TrainingHistory(epochs, _steps, Volatile.Read(ref _stopRequested), _divergedAt);
    }

    /// <summary>One pass over the training rows; returns the mean training loss and accuracy (null for regression).</summary>
    public (double Loss, double? Accuracy) TrainEpoch(Dataset train)
    {
        Epoch++;
        if (_order.Length != train.Rows)
        {
            _order = new int[train.Rows];
            for (int i = 0; i < _order.Length; i++) _order[i] = i;
        }
        if (Options.Shuffle) _shuffle.Shuffle(_order.AsSpan());
        else for (int i = 0; i < _order.Length; i++) _order[i] = i;

        Model.SetTraining(true);
        int batchSize = Options.BatchSize;
        double lossSum = 0;
        long correct = 0;
        int seen = 0;
        for (int start = 0; start < train.Rows; start += batchSize)
        {
            if (Volatile.Read(ref _stopRequested)) break;
            int batch = Math.Min(batchSize, train.Rows - start);
            _evaluator.Gather(train, _order.AsSpan(start, batch));
            float loss = Step(_evaluator.BatchFeatures, _evaluator.BatchTargets, batch);
            if (_divergedAt is not null) break;
            lossSum += (double)loss * batch;
            seen += batch;
            if (train.IsClassification)
                correct += Accuracy.CountCorrect(Model.LayerOutput(Model.Layers.Count - 1, batch), _evaluator.BatchTargets, batch, Model.OutputWidth, Loss);
        }
        return (seen == 0 ? double.NaN : lossSum / seen, train.IsClassification && seen > 0 ? (double)correct / seen : null);
    }

    /// <summary>
    /// One training step on a batch already laid out unit-major (features <c>InputWidth × batch</c>, targets as the loss
    /// takes them). Returns the batch's loss; a non-finite loss stops training before the optimizer step, leaving the
    /// parameters as they were.
    /// </summary>
    public float Step(ReadOnlySpan<float> features, ReadOnlySpan<float> targets, int batch)
    {
        var output = Model.Forward(features, batch);
        float loss = Loss.Compute(output, targets, _outputGrad, batch, Model.OutputWidth);
        if (!float.IsFinite(loss))
        {
            _divergedAt = _steps;
            return loss;
        }
        Model.Backward(features, _outputGrad, batch);
        var info = new StepInfo(Epoch, _steps, batch, loss, Optimizer.LearningRate);
        _recorder?.AfterBackward(this, in info);
        foreach (var observer in _afterBackward) observer.AfterBackward(this, in info);
        if (Options.ClipGradNorm is double maxNorm) GradientClipping.ClipByGlobalNorm(Model.Parameters.AsSpan(), maxNorm);
        Optimizer.Step();
        _steps++;
        _recorder?.AfterStep(this, in info);
        foreach (var observer in _afterStep) observer.AfterStep(this, in info);
        return loss;
    }

    /// <summary>Mean loss and accuracy over a dataset in evaluation mode, in chunks of the batch size.</summary>
    public Evaluation Evaluate(Dataset data) => _evaluator.Evaluate(data);
}
