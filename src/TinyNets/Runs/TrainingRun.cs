using System.Diagnostics;
using TinyNets.Activations;
using TinyNets.Data;
using TinyNets.Data.Csv;
using TinyNets.Data.Generators;
using TinyNets.Initializers;
using TinyNets.Models;
using TinyNets.Optimizers;
using TinyNets.Randomness;
using TinyNets.Serialization;
using TinyNets.Training;

namespace TinyNets.Runs;

/// <summary>Told about a run's progress (the command line's progress display is one).</summary>
public interface IRunObserver
{
    void AttemptStarted(int attempt, int maxAttempts) { }
    void EpochEnded(int attempt, EpochMetrics metrics) { }
}

/// <summary>A run's data as <see cref="TrainingRun.LoadData"/> prepares it.</summary>
/// <param name="Csv">What reading the CSV file found beside the data (rows left out, row labels, ...); null for a
/// generated data set.</param>
public sealed record RunData(Dataset All, DataSplit Split, Standardizer? Standardizer, CsvTable? Csv);

/// <summary>
/// One training run: data (generated or CSV; split; standardized on the training rows) → model → training with
/// early stopping → when it stops on a plateau and restarts remain, a fresh network with the same hyperparameters and
/// a new init stream (derived from the run seed and the attempt number) → the best attempt's weights.
/// </summary>
public sealed class TrainingRun
{
    private readonly RunConfig _config;
    private readonly List<IRunObserver> _observers = [];
    private volatile Trainer? _current;
    private volatile bool _stop;

    public TrainingRun(RunConfig config) => _config = config.Validate();

    public void AddObserver(IRunObserver observer) => _observers.Add(observer);

    /// <summary>Stops after the current step (Ctrl-C); the result is then consistent and marked interrupted.</summary>
    public void RequestStop()
    {
        _stop = true;
        _current?.RequestStop();
    }

    /// <summary>Loads or generates the data, split and standardized as the config says: with a standardization fitted
    /// on its training rows, or with <paramref name="standardizer"/>, the one a saved model was trained with (a folder
    /// trained before the rules for fitting one changed).</summary>
    public static RunData LoadData(RunConfig config, Standardizer? standardizer = null)
    {
        var seed = new RunSeed(config.Seed);
        var table = config.Data is null ? null : CsvLoader.Load(config.Data, new CsvOptions
        {
            Targets = config.Label is null ? [] : config.Label.Split(',', StringSplitOptions.TrimEntries),
            Features = config.Features is null ? [] : config.Features.Split(',', StringSplitOptions.TrimEntries),
            Task = config.Task,
            HasHeader = config.Header,
            DropInvalid = config.DropInvalid,
        });
        Dataset data = table?.Data
            ?? DatasetCatalog.Generate(config.Dataset!, new GeneratorRequest(config.Points, config.Classes, config.Noise, config.Factor), seed);
        if (config.Task == "regression" && data.IsClassification)
            throw new TinyNetsException($"--task regression: {config.Dataset ?? config.Data} is a classification data set");
        var split = Splitter.Split(data, SplitFractions.Parse(config.Split), seed.Split());
        if (!config.Standardize) return new RunData(data, split, null, table);
        var scaler = standardizer ?? Standardizer.Fit(split.Train, targets: Standardizer.LargeTargets(split.Train));
        return new RunData(data, new DataSplit(scaler.Apply(split.Train), split.Validation is null ? null : scaler.Apply(split.Validation),
            split.Test is null ? null : scaler.Apply(split.Test)), scaler, table);
    }

    public RunResult Execute()
    {
        var clock = Stopwatch.StartNew();
        var seed = new RunSeed(_config.Seed);
        var (_, raw, scaler, csv) = LoadData(_config);
        var setup = TaskSetup.Resolve(_config.Output, _config.Loss, raw.Train);
        var split = new DataSplit(setup.Encode(raw.Train), raw.Validation is null ? null : setup.Encode(raw.Validation),
            raw.Test is null ? null : setup.Encode(raw.Test));
        var spec = BuildSpec(setup, split.Train);
        var loss = setup.CreateLoss();
        int batch = Math.Min(_config.BatchSize, split.Train.Rows);
        var stopping = _config.Stopping;

        var attempts = new List<AttemptSummary>();
        var epochs = new List<AttemptEpoch>();
        var records = new List<StepRecorder>();
        var initial = new List<IReadOnlyList<NamedTensor>>();
        var snapshots = new List<WeightSnapshots>();
        var best = spec.Build();
        // The weights to start from are read before anything runs: a bad file is the user's mistake, not a failed attempt.
        Sequential? loaded = null;
        if (_config.InitWeights is not null) StateDict.Load(loaded = spec.Build(), _config.InitWeights);
        long steps = 0;
        long? divergedAt = null;
        int winner = 0;
        double winningValue = double.NaN;
        for (int attempt = 0; attempt <= _config.Restarts && !_stop; attempt++)
        {
            foreach (var o in _observers) o.AttemptStarted(attempt, _config.Restarts + 1);
            var model = attempt == 0 && loaded is not null ? loaded : spec.Build();
            if (!ReferenceEquals(model, loaded)) WeightInit.Apply(model, _config.Init, seed.Init(attempt), _config.Activation);
            foreach (var dropout in model.Layers.OfType<Dropout>()) dropout.UseStream(seed.Dropout(attempt));
            initial.Add(StateDict.Of(model));
            var optimizer = OptimizerFactory.Create(_config, model.Parameters);
            var trainer = new Trainer(model, loss, optimizer,
                new TrainerOptions { BatchSize = batch, Epochs = _config.Epochs, Shuffle = _config.Shuffle, ClipGradNorm = _config.ClipGradNorm },
                seed.Shuffle(attempt), Schedule.Parse(_config.LrSchedule)(optimizer));
            var stopper = new EarlyStopping(model, stopping, stop: _config.EarlyStopping);
            trainer.AddObserver(stopper);
            var snapshot = new WeightSnapshots();
            if (_config.Record)
            {
                var recorder = new StepRecorder(model, attempt);
                records.Add(recorder);
                trainer.AddObserver(recorder);
                trainer.AddObserver(snapshot);
            }
            snapshots.Add(snapshot);
            trainer.AddObserver(new Forward(this, attempt, epochs));
            _current = trainer;
            if (_stop) trainer.RequestStop();
            var history = trainer.Fit(split.Train, split.Validation, split.Test);
            _current = null;
            steps += history.Steps;
            if (_config.Record) snapshot.Finish(model, history.Epochs.Count);

            if (history.Diverged) divergedAt = steps - history.Steps + history.DivergedAtStep;
            // Keep the best epoch's weights, except when early stopping is off: then the last ones, as asked. After a
            // divergence, the best epoch's are the last sane ones.
            if (_config.EarlyStopping || history.Diverged) stopper.RestoreBest(model);
            var summary = Summarize(attempt, history, stopper);
            attempts.Add(summary);
            bool better = double.IsFinite(summary.BestValue)
                && (stopper.Maximize ? !(summary.BestValue <= winningValue) : !(summary.BestValue >= winningValue));
            if (attempts.Count == 1 || better)
            {
                winner = attempt;
                winningValue = summary.BestValue;
                best.CopyParametersFrom(model);
            }
            if (history.Diverged) break;
            if (!stopper.Stopped) break;   // no plateau, nothing to restart from
            if (_config.TargetAccuracy is double target && (summary.ValidationAccuracy ?? summary.TrainAccuracy) >= target) break;
        }

        var evaluator = new Evaluator(best, loss, batch);
        var findings = records.Count > winner
            ? Diagnostics.Diagnoser.Diagnose(Diagnostics.RunTrace.From(records[winner],
                epochs.Where(e => e.Attempt == winner).Select(e => e.Metrics).ToArray(), _config.InitName,
                _config.Epochs, loss.Name,
                _config.EarlyStopping ? stopping : null,
                attempts[winner].BestEpoch))
            : [];
        return new RunResult
        {
            Config = _config,
            Spec = spec,
            Setup = setup,
            Model = best,
            Standardizer = scaler,
            Data = split,
            Csv = csv,
            Attempts = attempts,
            Epochs = epochs,
            StepRecords = records,
            Findings = findings,
            InitialWeights = initial.Count > winner ? initial[winner] : [],
            Snapshots = snapshots.Count > winner ? snapshots[winner].Snapshots : [],
            WinningAttempt = winner,
            Train = evaluator.Evaluate(split.Train),
            Validation = split.Validation is null ? null : evaluator.Evaluate(split.Validation),
            Test = split.Test is null ? null : evaluator.Evaluate(split.Test),
            ValidationRmse = Rmse(split.Validation),
            TestRmse = Rmse(split.Test),
            Steps = steps,
            TrainSeconds = clock.Elapsed.TotalSeconds,
            DivergedAtStep = divergedAt,
            Interrupted = _stop,
        };

        double[]? Rmse(Dataset? data) => data is null || data.Rows == 0 || data.IsClassification ? null : Training.RegressionError.Rmse(best, data, scaler);
    }

    private ModelSpec BuildSpec(TaskSetup setup, Dataset train)
    {
        int[] sizes;
        if (_config.Layers is { } layers)
        {
            if (layers[0] != train.FeatureWidth)
                throw new TinyNetsException($"--layers starts with {layers[0]} inputs but the data has {train.FeatureWidth} features ({string.Join(", ", train.FeatureNames)})");
            if (layers[^1] != setup.OutputWidth)
                throw new TinyNetsException($"--layers ends with {layers[^1]} outputs but {setup.Loss} on this data needs {setup.OutputWidth}");
            sizes = layers;
        }
        else sizes = [train.FeatureWidth, .. _config.Hidden, setup.OutputWidth];
        return new ModelSpec(sizes, _config.Activation, setup.Output, _config.Dropout);
    }

    private static AttemptSummary Summarize(int attempt, TrainingHistory history, EarlyStopping stopper)
    {
        var m = stopper.BestMetrics ?? (history.Epochs.Count > 0 ? history.Epochs[^1] : null);
        return new AttemptSummary(attempt, history.Epochs.Count, stopper.BestEpoch, stopper.BestValue,
            m?.ValidationLoss, m?.ValidationAccuracy, m?.TrainLoss ?? double.NaN, m?.TrainAccuracy, stopper.Stopped, history.Steps);
    }

    private sealed class Forward(TrainingRun run, int attempt, List<AttemptEpoch> epochs) : ITrainingObserver
    {
        public void EpochEnd(Trainer trainer, EpochMetrics metrics)
        {
            epochs.Add(new AttemptEpoch(attempt, metrics));
            foreach (var o in run._observers) o.EpochEnded(attempt, metrics);
        }
    }
}
