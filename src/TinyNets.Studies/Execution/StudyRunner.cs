using System.Diagnostics;
using TinyNets.Studies.Search;
using TinyNets.Studies.Specs;
using TinyNets.Studies.Storage;

namespace TinyNets.Studies.Execution;

/// <summary>Told what a study is doing (the command line's live display is one). Called from worker threads.</summary>
public interface IStudyObserver
{
    void TrialStarted(TrialRecord trial) { }
    void TrialFinished(TrialRecord trial, TrialResult result) { }
}

/// <summary>What a run of the runner did, and what the study's bookkeeping cost next to its training.</summary>
/// <param name="Stopped">Ctrl-C, or the time budget: trials may remain queued.</param>
public sealed record StudyRunSummary(StudyCounts Counts, double Seconds, double TrainSeconds, double BookkeepingSeconds, bool Stopped, bool OutOfTime);

/// <summary>
/// Runs a study's trials on <c>workers</c> threads (each trial single-threaded), planning each experiment's next round
/// as soon as its current one has finished. Everything it knows is in the store, so running it again on the same
/// folder continues where the last run stopped, however it stopped. The caller holds the folder's lock
/// (<see cref="StudyFolder.Lock"/>) for as long as it runs.
/// </summary>
public sealed class StudyRunner(StudySpec spec, IStudyStore store, StudyFolder folder, ITrialExecutor executor, int workers)
{
    private readonly List<IStudyObserver> _observers = [];
    private readonly Dictionary<string, TrialRecord> _finished = [];   // complete trials by their full config: a twin is not trained again
    private readonly HashSet<int> _done = [];   // experiments the planner has nothing more for: not planned again in this run
    private double _trainSeconds, _bookkeepingSeconds;

    public void AddObserver(IStudyObserver observer) => _observers.Add(observer);

    public StudyInfo Study { get; } = Open(store, spec);

    /// <summary>The study of the spec's name; a spec that differs from the stored one only where
    /// <see cref="StudySpecYaml.SameStudy"/> allows (its budget, trial reports, comments) replaces it, so the new budget
    /// holds from now on, and so does any spec of a study that holds no trial yet (one stopped before it planned any,
    /// by a mistake in the spec or Ctrl-C): there is nothing of the old spec to keep apart.</summary>
    private static StudyInfo Open(IStudyStore store, StudySpec spec)
    {
        if (store.Studies().FirstOrDefault(s => s.Name == spec.Name) is { } stored && stored.SpecText != spec.Text
            && (StudySpecYaml.SameStudy(stored.SpecText, spec.Text) || store.Trials(stored.Id).Count == 0))
            store.ReplaceSpec(stored.Id, spec.Text);
        return store.Open(spec.Name, spec.Text);
    }

    public StudyRunSummary Run(CancellationToken stop = default)
    {
        if (workers < 1) throw new TinyNetsException($"--workers must be >= 1, got {workers}");
        var clock = Stopwatch.StartNew();
        long id = Study.Id;
        store.Requeue(id);   // trials left running by a killed process: we hold the folder's lock, so no one runs them
        folder.RemoveOrphans(store.Trials(id));
        Directory.CreateDirectory(folder.Trials);

        var running = new List<Task>();
        bool outOfTime = false;
        while (true)
        {
            bool planned = Plan(id);
            outOfTime = spec.Budget.Minutes is double minutes && clock.Elapsed.TotalSeconds >= minutes * 60;
            while (running.Count < workers && !stop.IsCancellationRequested && !outOfTime
                && store.Claim(id, $"{Environment.MachineName}:{Environment.ProcessId}:{running.Count}") is { } trial)
            {
                running.Add(Task.Factory.StartNew(() => Execute(trial, stop), TaskCreationOptions.LongRunning));
            }
            if (running.Count == 0)
            {
                if (!planned || stop.IsCancellationRequested || outOfTime) break;
                continue;
            }
            var done = Task.WaitAny([.. running]);
            running[done].GetAwaiter().GetResult();   // a bug in the runner itself surfaces here, not silently
            running.RemoveAt(done);
        }
        store.Requeue(id);   // interrupted trials go back to the queue
        store.AddElapsed(id, clock.Elapsed.TotalSeconds);
        return new StudyRunSummary(store.Counts(id), clock.Elapsed.TotalSeconds, _trainSeconds, _bookkeepingSeconds, stop.IsCancellationRequested, outOfTime);
    }

    /// <summary>Queues (and prunes) what each experiment needs next; true when anything changed.</summary>
    private bool Plan(long id)
    {
        var trials = store.Trials(id);
        lock (_finished)
            foreach (var t in trials.Where(t => t.State == TrialState.Complete && t.Path is not null && t.Outcome is not null))
                _finished.TryAdd(t.ConfigYaml, t);
        bool changed = false;
        for (int i = 0; i < spec.Experiments.Count; i++)
        {
            if (_done.Contains(i)) continue;
            var experiment = spec.Experiments[i];
            var step = Planner.Next(experiment, i, trials.Where(t => t.Experiment == experiment.Name).ToArray());
            if (step.Finished) _done.Add(i);
            if (step.Add.Count == 0 && step.Prune.Count == 0) continue;
            var add = step.Add;
            if (spec.Budget.Trials is int cap) add = add.Take(Math.Max(0, cap - trials.Count)).ToArray();
            if (add.Count == 0 && step.Prune.Count == 0) continue;
            store.Advance(id, add, step.Prune);
            trials = store.Trials(id);
            changed = true;
        }
        return changed;
    }

    private void Execute(TrialRecord trial, CancellationToken stop)
    {
        foreach (var o in _observers) o.TrialStarted(trial);
        var experiment = spec.Experiments.First(e => e.Name == trial.Experiment);
        TrialResult result;
        TrialRecord? twin;
        lock (_finished) _finished.TryGetValue(trial.ConfigYaml, out twin);
        try { result = twin is not null ? Reuse(twin) : executor.Run(trial, experiment.Objective, stop); }
        catch (Exception e) when (e is not OutOfMemoryException) { result = TrialResult.Failed($"{e.GetType().Name}: {e.Message}"); }
        if (result == TrialResult.Interrupted) return;

        var clock = Stopwatch.StartNew();
        string? path = null;
        if (result.WriteFolder is { } write)
        {
            string staging = folder.Staging(trial);
            try
            {
                if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
                write(staging);
                path = StudyFolder.TrialFolder(trial.Id);
                string final = folder.Full(path);
                if (Directory.Exists(final)) Directory.Delete(final, recursive: true);   // an earlier attempt's, killed before the store recorded it
                Directory.Move(staging, final);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A full disk or a permission problem: the trial fails with the reason, and nothing partial stays behind.
                if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
                result = new TrialResult(TrialState.Failed, null, [], null, $"writing its folder: {e.Message}");
                path = null;
            }
        }
        var outcome = result.Outcome is { } o1 ? o1 with { BookkeepingSeconds = clock.Elapsed.TotalSeconds } : null;
        store.Finish(trial.Id, trial.Attempt, result.State, outcome, result.Epochs, path, result.Error);
        lock (_observers)
        {
            _trainSeconds += result.Outcome?.TrainSeconds ?? 0;
            _bookkeepingSeconds += clock.Elapsed.TotalSeconds;
        }
        foreach (var o in _observers) o.TrialFinished(trial, result);
    }

    /// <summary>
    /// A trial whose whole config (seed included) equals a finished one's, as when a stage offers the value an earlier
    /// stage's winner already has: training is deterministic, so its result is that trial's, and its folder a copy.
    /// </summary>
    private TrialResult Reuse(TrialRecord twin) =>
        new(TrialState.Complete, twin.Outcome! with { TrainSeconds = 0, BookkeepingSeconds = 0 }, store.Epochs(twin.Id), target =>
        {
            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(folder.Full(twin.Path!)))
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }, null);
}
