using TinyNets.Studies.Analysis;
using TinyNets.Studies.Specs;
using TinyNets.Studies.Storage;
using Xunit;

namespace TinyNets.Tests.Studies;

public sealed class FindingCheckTests
{
    private static TrialRecord Trial(long id, string choice, double trainLoss, double? trainAccuracy = null) =>
        new(id, "e", 0, $"opt={choice}", new Dictionary<string, string> { ["opt"] = choice }, 0, 1, "", TrialState.Complete, 1, null,
            new TrialOutcome(trainLoss, trainLoss, trainAccuracy, null, null, null, null, 10, 1, 0, 1, 0), $"trials/{id}", null, null, null);

    private static EpochRow Epoch(int attempt, int epoch, double loss) => new(attempt, epoch, 0.1, loss, null, null, null, null, null);

    [Fact]
    public void Epochs_to_a_loss_count_every_attempt_before_the_one_that_reached_it()
    {
        var metric = Metric.Parse("epochs-to train-loss <= 0.3")!;
        var restarted = Trial(1, "a", 0.2);
        var rows = new[] { Epoch(0, 1, 0.9), Epoch(0, 2, 0.8), Epoch(0, 3, 0.8), Epoch(1, 1, 0.5), Epoch(1, 2, 0.25) };
        Assert.Equal(3 + 2, FindingCheck.Measure(metric, restarted, _ => rows));
        Assert.Null(FindingCheck.Measure(metric, restarted, _ => rows.Take(4).ToArray()));
        Assert.Equal(1, FindingCheck.Measure(Metric.Parse("fraction train-accuracy >= 1")!, Trial(2, "a", 0.1, 1.0), _ => []));
        Assert.Equal(0, FindingCheck.Measure(Metric.Parse("fraction train-accuracy >= 1")!, Trial(3, "a", 0.1, 0.75), _ => []));
    }

    [Fact]
    public void A_finding_holds_only_when_every_choice_beats_the_next_and_says_by_how_much()
    {
        var trials = new[] { Trial(1, "adam", 0.1), Trial(2, "adam", 0.2), Trial(3, "sgd", 0.5), Trial(4, "sgd", 0.7), Trial(5, "rmsprop", 0.05) };
        var finding = new FindingSpec("opt", Metric.Parse("train-loss")!, ["adam", "sgd"], null);
        var held = FindingCheck.Evaluate(finding, trials, _ => []);
        Assert.True(held.Held);
        Assert.Equal([0.15, 0.6], held.Values.Select(v => Math.Round(v.Value.Mean, 10)));
        Assert.Contains("adam beats sgd by 0.45", held.Statement);
        Assert.Contains("adam trails rmsprop by 0.1", FindingCheck.Evaluate(finding with { Expect = ["adam", "rmsprop"] }, trials, _ => []).Statement);
        Assert.StartsWith("held on train-loss", held.Statement);

        var not = FindingCheck.Evaluate(finding with { Expect = ["adam", "rmsprop"] }, trials, _ => []);
        Assert.False(not.Held);
        Assert.StartsWith("did not hold", not.Statement);

        var open = FindingCheck.Evaluate(finding with { Expect = ["adam", "momentum"] }, trials, _ => []);
        Assert.Null(open.Held);
        Assert.Contains("no finished trials of momentum", open.Statement);
    }

    [Fact]
    public void Tied_choices_are_not_ordered_but_each_must_beat_the_next_place()
    {
        // rmsprop (0.05) beats adam (0.15): no matter, they share a place; both beat momentum (0.3), which beats sgd (0.6).
        var trials = new[] { Trial(1, "adam", 0.1), Trial(2, "adam", 0.2), Trial(3, "rmsprop", 0.05), Trial(4, "momentum", 0.3), Trial(5, "sgd", 0.6) };
        var finding = new FindingSpec("opt", Metric.Parse("train-loss")!, ["adam", "rmsprop", "momentum", "sgd"], null, [0, 0, 1, 2]);
        var held = FindingCheck.Evaluate(finding, trials, _ => []);
        Assert.True(held.Held, held.Statement);
        Assert.Contains("adam beats momentum by 0.15", held.Statement);   // the place's worst against the next one's best
        Assert.Contains("momentum beats sgd by 0.3", held.Statement);
        Assert.False(FindingCheck.Evaluate(finding with { Groups = null }, trials, _ => []).Held);   // ordered, adam trails rmsprop

        var slow = trials.Append(Trial(6, "rmsprop", 0.6)).ToArray();   // rmsprop now 0.325: worse than momentum
        var not = FindingCheck.Evaluate(finding, slow, _ => []);
        Assert.False(not.Held);
        Assert.Contains("rmsprop trails momentum", not.Statement);
    }

    [Fact]
    public void The_95_percent_interval_uses_students_t()
    {
        var i = Interval.Of([1, 2, 3, 4]);
        Assert.Equal(2.5, i.Mean);
        Assert.Equal(3.182 * Math.Sqrt(1.6666666666666667 / 4), i.HalfWidth, 12);
        Assert.True(double.IsNaN(Interval.Of([5]).HalfWidth));
    }

    [Fact]
    public void An_interval_reads_with_its_digits_at_any_scale()
    {
        Assert.Equal("0.2512 ± 0.0278", Interval.Of([0.24, 0.2512, 0.2624]).ToString());
        Assert.Equal("1.9E-05 ± 1.27E-05", Interval.Of([1.8e-5, 2.0e-5]).ToString());   // a regression fitted closely read "0 ± 0"
        Assert.Equal("0", Interval.Of([0.0]).ToString());
        Assert.Equal("12.5", Interval.Of([12.5]).ToString());
    }
}
