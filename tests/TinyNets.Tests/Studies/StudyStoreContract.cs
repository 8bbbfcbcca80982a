using TinyNets.Studies.Storage;
using Xunit;

namespace TinyNets.Tests.Studies;

/// <summary>
/// What every study store must do, whatever it keeps its rows in. A new store (a shared server database) subclasses
/// this with its own <see cref="CreateStore"/> and must pass every test unchanged.
/// </summary>
public abstract class StudyStoreContract : IDisposable
{
    /// <summary>A new, empty store; calling it again after <see cref="ReopenStore"/> semantics is the subclass's business.</summary>
    protected abstract IStudyStore CreateStore();

    /// <summary>The same store as a new process would open it (everything committed must be there).</summary>
    protected abstract IStudyStore ReopenStore();

    public abstract void Dispose();

    private static NewTrial Trial(string configuration, int replicate = 0, int round = 0, string experiment = "e") =>
        new(experiment, round, configuration, new Dictionary<string, string> { ["lr"] = configuration }, replicate, (ulong)(1 + replicate), $"lr: {configuration}\n");

    private static TrialOutcome Outcome(double objective) => new(objective, 0.5, 0.75, objective, 0.8, 0.6, 0.7, 12, 2, 1, 0.25, 0.01);

    [Fact]
    public void Open_creates_a_study_once_and_refuses_the_same_name_with_another_spec()
    {
        using var store = CreateStore();
        var a = store.Open("s", "spec text");
        var again = store.Open("s", "spec text");
        Assert.Equal(a.Id, again.Id);
        var e = Assert.Throws<TinyNetsException>(() => store.Open("s", "another spec"));
        Assert.Contains("different spec", e.Message);
        Assert.Equal(["s"], store.Studies().Select(s => s.Name));
    }

    [Fact]
    public void A_replaced_spec_is_the_one_the_study_opens_with_and_keeps_its_trials()
    {
        using var store = CreateStore();
        long id = store.Open("s", "spec text").Id;
        store.Advance(id, [Trial("0.1")], []);
        store.ReplaceSpec(id, "spec text, budget raised");
        Assert.Equal("spec text, budget raised", Assert.Single(store.Studies()).SpecText);
        Assert.Equal(id, store.Open("s", "spec text, budget raised").Id);
        Assert.Throws<TinyNetsException>(() => store.Open("s", "spec text"));
        Assert.Single(store.Trials(id));
    }

    [Fact]
    public void Advance_queues_trials_once_even_when_planned_twice()
    {
        using var store = CreateStore();
        long id = store.Open("s", "x").Id;
        store.Advance(id, [Trial("0.1"), Trial("0.1", 1)], []);
        store.Advance(id, [Trial("0.1"), Trial("0.01")], []);   // replanned after a crash: the first is already there
        var trials = store.Trials(id);
        Assert.Equal(["0.1", "0.1", "0.01"], trials.Select(t => t.Configuration));
        Assert.All(trials, t => Assert.Equal(TrialState.Queued, t.State));
        Assert.Equal(new StudyCounts(3, 3, 0, 0, 0, 0, 0), store.Counts(id));
        Assert.Equal("0.1", trials[0].Parameters["lr"]);
        Assert.Equal(2UL, trials[1].Seed);
        Assert.Equal("lr: 0.1\n", trials[0].ConfigYaml);
    }

    [Fact]
    public void Claim_takes_queued_trials_in_order_and_counts_attempts()
    {
        using var store = CreateStore();
        long id = store.Open("s", "x").Id;
        store.Advance(id, [Trial("a"), Trial("b")], []);
        var first = store.Claim(id, "w1")!;
        var second = store.Claim(id, "w2")!;
        Assert.Equal(["a", "b"], new[] { first.Configuration, second.Configuration });
        Assert.Equal(TrialState.Running, first.State);
        Assert.Equal(1, first.Attempt);
        Assert.Equal("w1", first.Worker);
        Assert.NotNull(first.Started);
        Assert.Null(store.Claim(id, "w3"));
    }

    [Fact]
    public void Finish_records_outcome_epochs_and_folder_together_and_only_once()
    {
        using var store = CreateStore();
        long id = store.Open("s", "x").Id;
        store.Advance(id, [Trial("a")], []);
        var t = store.Claim(id, "w")!;
        var epochs = new[] { new EpochRow(0, 1, 0.1, 1.5, 0.5, 1.4, 0.6, null, null), new EpochRow(0, 2, 0.1, double.NaN, null, null, null, null, null) };
        Assert.True(store.Finish(t.Id, t.Attempt, TrialState.Complete, Outcome(0.42), epochs, "trials/0001", null));
        Assert.False(store.Finish(t.Id, t.Attempt, TrialState.Complete, Outcome(0.1), [], "trials/0001", null));   // completed twice: refused

        var stored = store.Trials(id)[0];
        Assert.Equal(TrialState.Complete, stored.State);
        Assert.Equal(0.42, stored.Outcome!.Objective);
        Assert.Equal(12, stored.Outcome.Epochs);
        Assert.Equal(0.7, stored.Outcome.TestAccuracy);
        Assert.Equal("trials/0001", stored.Path);
        Assert.NotNull(stored.Finished);
        var rows = store.Epochs(t.Id);
        Assert.Equal(2, rows.Count);
        Assert.Equal(1.4, rows[0].ValLoss);
        Assert.True(double.IsNaN(rows[1].TrainLoss));   // a diverged epoch's loss has no value
        Assert.Equal(new StudyCounts(1, 0, 0, 1, 0, 0, 0), store.Counts(id));
    }

    [Fact]
    public void A_requeued_trial_runs_again_and_its_old_attempt_cannot_finish_it()
    {
        using var store = CreateStore();
        long id = store.Open("s", "x").Id;
        store.Advance(id, [Trial("a")], []);
        var lost = store.Claim(id, "killed")!;
        Assert.Equal(1, store.Requeue(id));
        var again = store.Claim(id, "w")!;
        Assert.Equal(2, again.Attempt);
        Assert.False(store.Finish(lost.Id, lost.Attempt, TrialState.Complete, Outcome(1), [], "trials/old", null));
        Assert.True(store.Finish(again.Id, again.Attempt, TrialState.Diverged, Outcome(2), [], "trials/new", null));
        Assert.Equal(("trials/new", TrialState.Diverged), (store.Trials(id)[0].Path, store.Trials(id)[0].State));
    }

    [Fact]
    public void Failed_trials_keep_their_error_and_have_no_outcome()
    {
        using var store = CreateStore();
        long id = store.Open("s", "x").Id;
        store.Advance(id, [Trial("a")], []);
        var t = store.Claim(id, "w")!;
        Assert.True(store.Finish(t.Id, t.Attempt, TrialState.Failed, null, [], null, "data.csv: no such file"));
        var stored = store.Trials(id)[0];
        Assert.Equal((TrialState.Failed, "data.csv: no such file"), (stored.State, stored.Error));
        Assert.Null(stored.Outcome);
        Assert.Throws<ArgumentException>(() => store.Finish(t.Id, t.Attempt, TrialState.Running, null, [], null, null));
    }

    [Fact]
    public void Pruning_marks_complete_trials_only_and_comes_with_the_next_rung()
    {
        using var store = CreateStore();
        long id = store.Open("s", "x").Id;
        store.Advance(id, [Trial("a"), Trial("b"), Trial("c")], []);
        for (int i = 0; i < 2; i++)
        {
            var t = store.Claim(id, "w")!;
            store.Finish(t.Id, t.Attempt, TrialState.Complete, Outcome(i), [], $"trials/{t.Id}", null);
        }
        var all = store.Trials(id);
        store.Advance(id, [Trial("a", round: 1)], [all[1].Id, all[2].Id]);   // c is still queued: not pruned
        var states = store.Trials(id).Select(t => (t.Configuration, t.Round, t.State)).ToArray();
        Assert.Equal([("a", 0, TrialState.Complete), ("b", 0, TrialState.Pruned), ("c", 0, TrialState.Queued), ("a", 1, TrialState.Queued)], states);
        Assert.Equal(new StudyCounts(4, 2, 0, 1, 1, 0, 0), store.Counts(id));
    }

    [Fact]
    public void Concurrent_workers_never_claim_the_same_trial()
    {
        using var store = CreateStore();
        long id = store.Open("s", "x").Id;
        store.Advance(id, Enumerable.Range(0, 200).Select(i => Trial($"c{i}")).ToArray(), []);
        var claimed = new System.Collections.Concurrent.ConcurrentBag<long>();
        Parallel.For(0, 8, w =>
        {
            while (store.Claim(id, $"w{w}") is { } t)
            {
                claimed.Add(t.Id);
                Assert.True(store.Finish(t.Id, t.Attempt, TrialState.Complete, Outcome(w), [new EpochRow(0, 1, 0.1, 1, null, null, null, null, null)], null, null));
            }
        });
        Assert.Equal(200, claimed.Count);
        Assert.Equal(200, claimed.Distinct().Count());
        Assert.Equal(200, store.Counts(id).Complete);
    }

    [Fact]
    public void Studies_are_kept_apart()
    {
        using var store = CreateStore();
        long a = store.Open("a", "x").Id, b = store.Open("b", "y").Id;
        store.Advance(a, [Trial("1")], []);
        Assert.Empty(store.Trials(b));
        Assert.Null(store.Claim(b, "w"));
        Assert.Equal(1, store.Counts(a).Total);
    }

    [Fact]
    public void Everything_committed_is_there_after_reopening_and_elapsed_time_adds_up()
    {
        long id;
        using (var store = CreateStore())
        {
            id = store.Open("s", "spec").Id;
            store.Advance(id, [Trial("a"), Trial("b")], []);
            var t = store.Claim(id, "w")!;
            store.Finish(t.Id, t.Attempt, TrialState.Complete, Outcome(0.3), [new EpochRow(0, 1, 0.1, 0.9, null, null, null, null, null)], "trials/0001", null);
            store.Claim(id, "w");   // left running, as by a killed process
            Assert.Equal(1.5, store.AddElapsed(id, 1.5));
        }
        using (var store = ReopenStore())
        {
            var info = store.Open("s", "spec");
            Assert.Equal(id, info.Id);
            Assert.Equal(1.5, info.ElapsedSeconds);
            Assert.Equal(4.0, store.AddElapsed(id, 2.5));
            Assert.Equal(new StudyCounts(2, 0, 1, 1, 0, 0, 0), store.Counts(id));
            Assert.Equal(0.9, store.Epochs(store.Trials(id)[0].Id).Single().TrainLoss);
        }
    }
}

/// <summary>The contract, against a real SQLite file.</summary>
public sealed class SqliteStudyStoreTests : StudyStoreContract
{
    private readonly TempDirectory _dir = new();

    protected override IStudyStore CreateStore() => new SqliteStudyStore(_dir.File("study.db"));

    protected override IStudyStore ReopenStore() => new SqliteStudyStore(_dir.File("study.db"));

    public override void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public void The_file_is_in_wal_mode_and_a_file_that_is_not_a_store_is_a_clear_error()
    {
        using (var store = CreateStore()) store.Open("s", "x");
        using (var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_dir.File("study.db")}"))
        {
            check.Open();
            using var cmd = check.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", cmd.ExecuteScalar());
        }
        File.WriteAllText(_dir.File("junk.db"), "this is not a database, just some text that is long enough to have a header");
        var e = Assert.Throws<TinyNetsException>(() => new SqliteStudyStore(_dir.File("junk.db")));
        Assert.Contains("not a study store", e.Message);
    }
}
