using TinyNets.Studies.Analysis;
using TinyNets.Studies.Execution;
using TinyNets.Studies.Specs;
using TinyNets.Studies.Storage;
using Xunit;

namespace TinyNets.Tests.Studies;

/// <summary>Staged search, successive halving and resuming, with a trial executor whose best answer is known.</summary>
public sealed class StudySearchTests
{
    private static (IReadOnlyList<TrialRecord> Trials, StudyAnalysis Analysis, FakeExecutor Executor) Run(string yaml, TempDirectory dir, int workers = 2)
    {
        var spec = StudySpecTests.Parse(yaml);
        var executor = new FakeExecutor();
        using var store = new SqliteStudyStore(Path.Combine(dir.Path, "study.db"));
        var runner = new StudyRunner(spec, store, new StudyFolder(dir.Path), executor, workers);
        var summary = runner.Run();
        Assert.False(summary.Stopped);
        return (store.Trials(runner.Study.Id), StudyAnalysis.Load(spec, store, runner.Study.Id), executor);
    }

    private const string Staged = """
        base: {dataset: xor, epochs: 40, optimizer: sgd}
        seeds: 2
        strategy: staged
        stages:
          - name: learning rate
            space: {lr: [0.001, 0.01, 0.1]}
          - name: architecture
            space: {hidden: [[8], [8, 8], [8, 8, 8]]}
          - name: optimizer
            space: {optimizer: [sgd, adam]}
        """;

    [Fact]
    public void Each_stage_winner_fixes_its_parameters_for_the_stages_after_it()
    {
        using var dir = new TempDirectory();
        var (trials, analysis, _) = Run(Staged, dir);
        Assert.Equal((3 + 3 + 2) * 2, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(trials.Where(t => t.Round == 1), t => Assert.Equal("0.01", t.Parameters["lr"]));
        Assert.All(trials.Where(t => t.Round == 2), t => Assert.Equal(("0.01", "[8, 8]"), (t.Parameters["lr"], t.Parameters["hidden"])));
        Assert.Equal(["sgd", "adam"], trials.Where(t => t.Round == 2).Select(t => t.Parameters["optimizer"]).Distinct());
        var e = Assert.Single(analysis.Experiments);
        Assert.Equal(["lr=0.01", "lr=0.01, hidden=[8, 8]", "lr=0.01, hidden=[8, 8], optimizer=adam"], e.Rounds.Select(r => r.Winner!.Configuration));
        Assert.Equal(2, e.Leader!.Objective.Count);
        // The replicates share seeds across configurations (paired comparisons): 1 and 2.
        Assert.All(trials, t => Assert.Equal((ulong)(1 + t.Replicate), t.Seed));
        Assert.All(trials, t => Assert.True(Directory.Exists(Path.Combine(dir.Path, t.Path!))));
    }

    [Fact]
    public void The_learning_rate_chart_of_a_staged_search_takes_the_learning_rate_stage_only()
    {
        using var dir = new TempDirectory();
        var (trials, analysis, _) = Run(Staged, dir);
        double Lr(TrialRecord t) => TinyNets.Studies.RunConfigYaml.Parse(t.ConfigYaml, "trial").LearningRate;
        var drawn = TinyNets.Studies.Reports.StudyReport.LearningRateTrials(analysis.Experiments[0], Lr);
        Assert.Equal(3 * 2, drawn.Count);   // three rates, two seeds; the later stages all train at the chosen 0.01
        Assert.All(drawn, t => Assert.Equal(0, t.Round));
        Assert.True(trials.Count > drawn.Count);
    }

    [Fact]
    public void A_stage_choice_that_repeats_the_winner_reuses_its_trials_instead_of_training_them_again()
    {
        using var dir = new TempDirectory();
        var (trials, analysis, executor) = Run("""
            base: {dataset: xor, epochs: 40, optimizer: adam, hidden: [8]}
            seeds: 2
            strategy: staged
            stages:
              - name: learning rate
                space: {lr: [0.001, 0.01]}
              - name: architecture
                space: {hidden: [[8], [8, 8]]}
            """, dir);
        Assert.Equal(8, trials.Count);
        Assert.Equal(6, executor.Runs);   // lr=0.01, hidden=[8] at both seeds was already trained in stage 1
        var first = trials.Where(t => t.Round == 0 && t.Parameters["lr"] == "0.01").OrderBy(t => t.Replicate).ToArray();
        var again = trials.Where(t => t.Round == 1 && t.Parameters["hidden"] == "[8]").OrderBy(t => t.Replicate).ToArray();
        Assert.Equal(first.Select(t => t.Outcome!.Objective), again.Select(t => t.Outcome!.Objective));
        Assert.All(again, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(again, t => Assert.True(File.Exists(Path.Combine(dir.Path, t.Path!, "summary.json"))));
        Assert.Equal("lr=0.01, hidden=[8, 8]", analysis.Experiments[0].Leader!.Configuration);
    }

    [Fact]
    public void Successive_halving_keeps_the_better_half_at_doubling_budgets()
    {
        using var dir = new TempDirectory();
        var (trials, analysis, _) = Run("""
            base: {dataset: xor, epochs: 40, optimizer: adam, hidden: [8, 8]}
            strategy: halving
            halving: {min-epochs: 5, factor: 2}
            space:
              lr: {min: 0.0001, max: 1, scale: log, count: 8}
            """, dir);
        var rungs = trials.GroupBy(t => t.Round).OrderBy(g => g.Key).ToArray();
        Assert.Equal([8, 4, 2, 1], rungs.Select(r => r.Count()));
        Assert.Equal([5, 10, 20, 40], rungs.Select(r => TinyNets.Studies.RunConfigYaml.Parse(r.First().ConfigYaml, "trial").Epochs));
        Assert.Equal(7, trials.Count(t => t.State == TrialState.Pruned));
        Assert.Equal(8, trials.Count(t => t.State == TrialState.Complete));
        // Survivors are the configurations nearest lr 0.01, the known best.
        var survivors = rungs[1].Select(t => double.Parse(t.Parameters["lr"], System.Globalization.CultureInfo.InvariantCulture)).OrderBy(x => x).ToArray();
        var expected = rungs[0].Select(t => double.Parse(t.Parameters["lr"], System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(lr => Math.Abs(Math.Log10(lr) + 2)).Take(4).OrderBy(x => x).ToArray();
        Assert.Equal(expected, survivors);
        Assert.All(rungs[0].Where(t => !survivors.Contains(double.Parse(t.Parameters["lr"], System.Globalization.CultureInfo.InvariantCulture))),
            t => Assert.Equal(TrialState.Pruned, t.State));
        Assert.Equal("rung 4: 40 epochs", analysis.Experiments[0].Rounds[^1].Name);
    }

    [Fact]
    public void A_study_without_trials_takes_a_changed_spec_and_one_with_trials_refuses_it()
    {
        using var dir = new TempDirectory();
        using var store = new SqliteStudyStore(Path.Combine(dir.Path, "study.db"));
        var folder = new StudyFolder(dir.Path);
        var first = StudySpecTests.Parse("name: s\nbase: {dataset: xor}\nspace: {lr: [0.1]}");
        long id = new StudyRunner(first, store, folder, new FakeExecutor(), 1).Study.Id;   // opened, never run: no trials
        var second = StudySpecTests.Parse("name: s\nbase: {dataset: xor}\nspace: {lr: [0.01, 0.1]}");
        var runner = new StudyRunner(second, store, folder, new FakeExecutor(), 1);
        Assert.Equal(id, runner.Study.Id);
        Assert.Equal(second.Text, Assert.Single(store.Studies()).SpecText);
        runner.Run();
        Assert.Contains("different spec", Assert.Throws<TinyNetsException>(() => new StudyRunner(first, store, folder, new FakeExecutor(), 1)).Message);
    }

    [Fact]
    public void A_trial_budget_caps_the_study()
    {
        using var dir = new TempDirectory();
        var (trials, _, executor) = Run("""
            base: {dataset: xor}
            budget: {trials: 5}
            seeds: 3
            space: {lr: [0.001, 0.01, 0.1]}
            """, dir);
        Assert.Equal(5, trials.Count);
        Assert.Equal(5, executor.Runs);
        // One seed of every configuration before a second of any: a budget cut leaves no configuration untried.
        Assert.Equal(["lr=0.001", "lr=0.01", "lr=0.1", "lr=0.001", "lr=0.01"], trials.OrderBy(t => t.Id).Select(t => t.Configuration));
        Assert.Equal([0, 0, 0, 1, 1], trials.OrderBy(t => t.Id).Select(t => t.Replicate));
    }

    [Fact]
    public void Resuming_after_a_crash_reruns_the_lost_trials_once_and_drops_their_partial_folders()
    {
        using var dir = new TempDirectory();
        var spec = StudySpecTests.Parse(Staged);
        var folder = new StudyFolder(dir.Path);
        long study;
        // A "killed" run: the first round queued, three trials taken, one folder half-written, one renamed into place but never recorded.
        using (var store = new SqliteStudyStore(folder.Database))
        {
            study = store.Open(spec.Name, spec.Text).Id;
            var plan = TinyNets.Studies.Search.Planner.Next(spec.Experiments[0], 0, []);
            store.Advance(study, plan.Add, []);
            var done = store.Claim(study, "killed")!;
            Directory.CreateDirectory(folder.Full(StudyFolder.TrialFolder(done.Id)));
            store.Finish(done.Id, done.Attempt, TrialState.Complete, new TrialOutcome(9, 9, null, 9, null, null, null, 1, 1, 0, 0, 0), [], StudyFolder.TrialFolder(done.Id), null);
            var lost = store.Claim(study, "killed")!;
            Directory.CreateDirectory(folder.Staging(lost));
            File.WriteAllText(Path.Combine(folder.Staging(lost), "model.safetensors"), "half");
            var unrecorded = store.Claim(study, "killed")!;
            Directory.CreateDirectory(folder.Full(StudyFolder.TrialFolder(unrecorded.Id)));
            File.WriteAllText(Path.Combine(folder.Full(StudyFolder.TrialFolder(unrecorded.Id)), "stale"), "from the killed attempt");
        }
        var (trials, _, executor) = Run(Staged, dir);

        Assert.Equal(16, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        // Every trial but the one finished before the crash, less the two of stage 3 that repeat stage 2's winner (sgd).
        Assert.Equal(13, executor.Runs);
        Assert.Equal([1, 2, 2], trials.Take(3).Select(t => t.Attempt));
        Assert.Equal(9, trials[0].Outcome!.Objective);   // not run again
        Assert.False(File.Exists(Path.Combine(folder.Full(trials[2].Path!), "stale")));
        var dirs = Directory.GetDirectories(folder.Trials).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(trials.Select(t => Path.GetFileName(t.Path!)).Order().ToArray(), dirs);   // no staging folder, nothing unreferenced
    }

    [Fact]
    public void Random_search_draws_its_trials_once_and_the_same_on_every_run()
    {
        const string yaml = """
            base: {dataset: xor, optimizer: adam, hidden: [8, 8]}
            strategy: random
            trials: 6
            seeds: 2
            space:
              lr: {min: 0.0001, max: 1, scale: log}
            """;
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        var first = Run(yaml, a).Trials;
        var second = Run(yaml, b, workers: 1).Trials;
        Assert.Equal(12, first.Count);
        Assert.Equal(6, first.Select(t => t.Configuration).Distinct().Count());
        Assert.Equal(first.Select(t => t.Configuration), second.Select(t => t.Configuration));
    }

    [Fact]
    public void A_stop_request_leaves_unfinished_trials_queued_and_running_again_finishes_them()
    {
        using var dir = new TempDirectory();
        var spec = StudySpecTests.Parse(Staged);
        var folder = new StudyFolder(dir.Path);
        using var store = new SqliteStudyStore(folder.Database);
        using var stop = new CancellationTokenSource();
        var runner = new StudyRunner(spec, store, folder, new FakeExecutor(), 1);
        runner.AddObserver(new StopAfter(3, stop));
        var summary = runner.Run(stop.Token);
        Assert.True(summary.Stopped);
        Assert.Equal((3, 0), (summary.Counts.Complete, summary.Counts.Running));
        Assert.Equal(6, summary.Counts.Total);   // the first stage: nothing planned past an unfinished round

        var resumed = new StudyRunner(spec, store, folder, new FakeExecutor(), 2).Run();
        Assert.False(resumed.Stopped);
        Assert.Equal((16, 16), (resumed.Counts.Total, resumed.Counts.Complete));
    }

    [Fact]
    public void A_time_budget_stops_starting_trials_and_each_run_gets_it_anew()
    {
        using var dir = new TempDirectory();
        var spec = StudySpecTests.Parse("""
            base: {dataset: xor}
            budget: {minutes: 0.01}
            space: {lr: [0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008, 0.009, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.2]}
            """);
        var folder = new StudyFolder(dir.Path);
        using var store = new SqliteStudyStore(folder.Database);
        var slow = new SlowExecutor(TimeSpan.FromMilliseconds(100));
        var first = new StudyRunner(spec, store, folder, slow, 1).Run();
        Assert.True(first.OutOfTime);
        Assert.InRange(first.Counts.Complete, 1, 19);   // 0.6 s of budget, 0.1 s a trial (more on a loaded machine)
        var second = new StudyRunner(spec, store, folder, slow, 1).Run();
        Assert.True(second.Counts.Complete > first.Counts.Complete);
        Assert.Equal(20, second.Counts.Total);
    }

    [Fact]
    public void A_trial_that_throws_is_failed_with_its_error_and_the_study_goes_on()
    {
        using var dir = new TempDirectory();
        var spec = StudySpecTests.Parse("base: {data: no-such-file.csv}\nspace: {lr: [0.1, 0.01]}");
        var folder = new StudyFolder(dir.Path);
        using var store = new SqliteStudyStore(folder.Database);
        var runner = new StudyRunner(spec, store, folder, new TrainingTrialExecutor(), 2);
        var summary = runner.Run();
        Assert.Equal((2, 2), (summary.Counts.Total, summary.Counts.Failed));
        Assert.All(store.Trials(runner.Study.Id), t => Assert.Contains("no-such-file.csv", t.Error));
        Assert.Null(StudyAnalysis.Load(spec, store, runner.Study.Id).Experiments[0].Leader);
    }

    private sealed class StopAfter(int trials, CancellationTokenSource stop) : IStudyObserver
    {
        private int _finished;

        public void TrialFinished(TrialRecord trial, TrialResult result)
        {
            if (Interlocked.Increment(ref _finished) == trials) stop.Cancel();
        }
    }

    private sealed class SlowExecutor(TimeSpan delay) : ITrialExecutor
    {
        private readonly FakeExecutor _inner = new();

        public TrialResult Run(TrialRecord trial, Objective objective, CancellationToken stop)
        {
            Thread.Sleep(delay);
            return _inner.Run(trial, objective, stop);
        }
    }

    [Fact]
    public void A_second_process_on_the_same_folder_is_refused()
    {
        using var dir = new TempDirectory();
        var folder = new StudyFolder(dir.Path);
        using var held = folder.Lock();
        var e = Assert.Throws<TinyNetsException>(() => folder.Lock());
        Assert.Contains("another tinynets process", e.Message);
    }
}
