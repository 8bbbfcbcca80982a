using TinyNets.Diagnostics;
using TinyNets.Diagnostics.Rules;
using TinyNets.Training;
using Xunit;

namespace TinyNets.Tests.Diagnostics;

/// <summary>Each rule against a constructed run that shows the problem and one that does not.</summary>
public sealed class DiagnosisRuleTests
{
    private const int Steps = 200;

    /// <summary>A 2-layer ReLU net's trace: healthy unless a test overrides a column or the epochs.</summary>
    private static RunTrace Trace(Dictionary<string, float[]>? columns = null, IReadOnlyList<EpochMetrics>? epochs = null,
        Dictionary<int, string>? activations = null, string init = "default")
    {
        var steps = new Dictionary<string, float[]>
        {
            ["step"] = Enumerable.Range(0, Steps).Select(i => (float)i).ToArray(),
            ["loss"] = Enumerable.Range(0, Steps).Select(i => 1f / (1 + i * 0.05f)).ToArray(),
            ["0.weight.grad_norm"] = Fill(0.5f),
            ["0.bias.grad_norm"] = Fill(0.1f),
            ["2.weight.grad_norm"] = Fill(0.8f),
            ["2.bias.grad_norm"] = Fill(0.2f),
            ["1.dead_fraction"] = Enumerable.Range(0, Steps).Select(i => i % 10 == 0 ? 0.1f : float.NaN).ToArray(),
            ["1.saturated_fraction"] = Fill(float.NaN),
        };
        foreach (var (k, v) in columns ?? []) steps[k] = v;
        return new RunTrace(steps, epochs ?? Epochs(40, e => 1.0 / e, e => 1.2 / e), activations ?? new() { [1] = "relu" }, init);
    }

    private static float[] Fill(float value) => Enumerable.Repeat(value, Steps).ToArray();

    private static EpochMetrics[] Epochs(int count, Func<int, double> train, Func<int, double>? validation = null, double? accuracy = 0.8) =>
        Enumerable.Range(1, count).Select(e => new EpochMetrics(e, e * 5L, 0.01, train(e), accuracy, validation?.Invoke(e), null, null, null)).ToArray();

    private static Finding[] Run(IDiagnosisRule rule, RunTrace trace) => rule.Check(trace).ToArray();

    [Fact]
    public void A_healthy_run_has_no_findings() => Assert.Empty(Diagnoser.Diagnose(Trace()));

    [Fact]
    public void Exploding_gradients_nan_and_spikes()
    {
        var nan = Fill(0.5f);
        nan[120] = float.NaN;
        var error = Assert.Single(Run(new ExplodingGradients(), Trace(new() { ["0.weight.grad_norm"] = nan })));
        Assert.Equal(Severity.Error, error.Severity);
        Assert.Equal(120, error.FirstStep);

        var spike = Fill(0.5f);
        spike[150] = 400;
        var warning = Assert.Single(Run(new ExplodingGradients(), Trace(new() { ["0.weight.grad_norm"] = spike })));
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal(150, warning.FirstStep);

        var mild = Fill(0.5f);
        mild[150] = 20;   // 20x: a bumpy step, not an explosion
        Assert.Empty(Run(new ExplodingGradients(), Trace(new() { ["0.weight.grad_norm"] = mild })));

        // An untrained net's gradients, 200 times those it trains with once its loss is small (a regression fitted to
        // 1e-6): where the run starts, not a jump. The same size later is one.
        var start = Fill(0.01f);
        for (int r = 0; r < 4; r++) start[r] = 2f / (r + 1);
        var small = new Dictionary<string, float[]> { ["0.weight.grad_norm"] = start, ["0.bias.grad_norm"] = Fill(0), ["2.weight.grad_norm"] = Fill(0), ["2.bias.grad_norm"] = Fill(0) };
        Assert.Empty(Run(new ExplodingGradients(), Trace(small)));
        start[150] = 2;
        Assert.Equal(150, Assert.Single(Run(new ExplodingGradients(), Trace(small))).FirstStep);
    }

    [Fact]
    public void Learning_rate_too_high_divergence_and_oscillation()
    {
        var rising = Assert.Single(Run(new Oscillation(), Trace(epochs: Epochs(20, e => 0.5 + 0.1 * e))));
        Assert.Equal(Severity.Error, rising.Severity);
        var bouncing = Assert.Single(Run(new Oscillation(), Trace(epochs: Epochs(30, e => (e % 2 == 1 ? 0.6 : 0.4) - e * 0.001))));
        Assert.Equal(Severity.Warning, bouncing.Severity);
        Assert.Empty(Run(new Oscillation(), Trace(epochs: Epochs(30, e => 1.0 / e + (e % 2) * 0.001))));
        // The same bouncing at 1e-5, in a net that gets every training row right: noise, not steps too large.
        Assert.Empty(Run(new Oscillation(), Trace(epochs: Epochs(30, e => ((e % 2 == 1 ? 0.6 : 0.4) - e * 0.001) * 1e-5, accuracy: 1.0))));
        // A loss that jumps 30% every fourth epoch rises in only a quarter of them, but bounces all the same.
        var jumping = Assert.Single(Run(new Oscillation(), Trace(epochs: Epochs(40, e => e % 4 == 2 ? 1.04 : 0.8, accuracy: 0.6))));
        Assert.StartsWith("Over the second half of training the loss jumped up and down by 15% of its level", jumping.Explanation);
        // The same 5% rises at a twentieth of the untrained loss, short of 99% accuracy (a Gaussian mixture's noise).
        Assert.Empty(Run(new Oscillation(), Trace(epochs: Epochs(30, e => e % 2 == 1 ? 0.054 : 0.05, accuracy: 0.95))));
        Assert.Single(Run(new Oscillation(), Trace(epochs: Epochs(30, e => e % 2 == 1 ? 0.54 : 0.5, accuracy: 0.95))));
        Assert.Equal(Severity.Error, Assert.Single(Run(new Oscillation(), Trace(epochs: Epochs(20, e => 0.5 + 0.1 * e, accuracy: 1.0)))).Severity);
    }

    [Fact]
    public void Vanishing_gradients_compare_first_and_last_layers()
    {
        var finding = Assert.Single(Run(new VanishingGradients(), Trace(new() { ["0.weight.grad_norm"] = Fill(1e-5f) })));
        Assert.Equal("0.weight", finding.Layer);
        Assert.Empty(Run(new VanishingGradients(), Trace(new() { ["0.weight.grad_norm"] = Fill(1e-2f) })));
    }

    [Fact]
    public void Dead_relu_layers_by_the_last_quarter()
    {
        var dying = Enumerable.Range(0, Steps).Select(i => i % 10 == 0 ? (i < 150 ? 0.1f : 0.95f) : float.NaN).ToArray();
        var finding = Assert.Single(Run(new DeadRelu(), Trace(new() { ["1.dead_fraction"] = dying })));
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal("1", finding.Layer);
        var recovered = Enumerable.Range(0, Steps).Select(i => i % 10 == 0 ? (i < 150 ? 0.9f : 0.2f) : float.NaN).ToArray();
        Assert.Empty(Run(new DeadRelu(), Trace(new() { ["1.dead_fraction"] = recovered })));
    }

    [Fact]
    public void Saturated_sigmoid_and_tanh_layers()
    {
        var sigmoid = new Dictionary<int, string> { [1] = "sigmoid" };
        Assert.Equal(Severity.Warning, Assert.Single(Run(new Saturation(), Trace(new() { ["1.saturated_fraction"] = Fill(0.7f) }, activations: sigmoid))).Severity);
        // A hidden layer saturated in a net that fits its data (accuracy 1): information.
        var fitted = Assert.Single(Run(new Saturation(), Trace(new() { ["1.saturated_fraction"] = Fill(0.7f) }, Epochs(40, e => 1.0 / e, accuracy: 1.0), sigmoid)));
        Assert.Equal(Severity.Info, fitted.Severity);
        Assert.Contains("did not stop learning", fitted.Explanation);
        Assert.Empty(Run(new Saturation(), Trace(new() { ["1.saturated_fraction"] = Fill(0.1f) }, activations: sigmoid)));
        Assert.Empty(Run(new Saturation(), Trace(new() { ["1.saturated_fraction"] = Fill(0.7f) })));   // a ReLU layer: not applicable

        // The output sigmoid (layer 3, after the last Linear, 2) saturates in a classifier that is right and sure: only
        // sure and wrong is a finding.
        var output = new Dictionary<int, string> { [1] = "relu", [3] = "sigmoid" };
        var saturatedOutput = new Dictionary<string, float[]> { ["3.saturated_fraction"] = Fill(0.9f) };
        Assert.Empty(Run(new Saturation(), Trace(saturatedOutput, Epochs(40, e => 1.0 / e, accuracy: 1.0), output)));
        var wrong = Assert.Single(Run(new Saturation(), Trace(saturatedOutput, Epochs(40, e => 1.0 / e, accuracy: 0.75), output)));
        Assert.Equal("90% of the output layer's sigmoid outputs (layer 3) are saturated, while 25% of the training rows are still wrong: " +
            "in the flat tails the derivative is almost zero, so little gradient gets through.", wrong.Explanation);
        Assert.Single(Run(new Saturation(), Trace(saturatedOutput, [], output)));   // no epochs: not known to fit
        Assert.Contains("--loss auto", wrong.Fix);
        // Under binary cross-entropy the gradient at the logit is p - y however saturated p is.
        Assert.Empty(Run(new Saturation(), Trace(saturatedOutput, Epochs(40, e => 1.0 / e, accuracy: 0.75), output) with { Loss = "bce" }));
        Assert.Single(Run(new Saturation(), Trace(saturatedOutput, Epochs(40, e => 1.0 / e, accuracy: 0.75), output) with { Loss = "mse" }));
    }

    [Fact]
    public void A_plateau_next_to_its_likely_cause_points_to_that_finding_instead_of_suggesting_a_higher_learning_rate()
    {
        var stuck = Epochs(40, e => 0.25, accuracy: 0.5);
        var alone = Assert.Single(Diagnoser.Diagnose(Trace(epochs: stuck)));
        Assert.Contains("raise the learning rate", alone.Fix);

        var dead = Enumerable.Range(0, Steps).Select(i => i % 10 == 0 ? 0.95f : float.NaN).ToArray();
        var findings = Diagnoser.Diagnose(Trace(new() { ["1.dead_fraction"] = dead }, stuck));
        Assert.Equal(["dead-relu", "loss-plateau"], findings.Select(f => f.Rule));
        Assert.Equal("Deal with the dead-relu finding first: it is the likely reason the loss is stuck.", findings[1].Fix);
        Assert.Equal(alone.Explanation, findings[1].Explanation);
    }

    [Fact]
    public void Min_delta_too_large_when_early_stopping_ended_a_run_still_falling_in_steps_under_it()
    {
        // A regression fitted closely: validation loss 3e-4 at epoch 2, then down 5e-6 an epoch. Steps that small add up
        // to more than min-delta 1e-4 only by epoch 23 (1.95e-4); from there to epoch 40 (1.1e-4) they never do, so
        // patience ran out while the loss was still 44% lower than where it last counted.
        var epochs = Epochs(40, e => 1e-4, e => e == 1 ? 1e-3 : 3e-4 - 5e-6 * (e - 2), accuracy: null);
        var stopping = new EarlyStoppingOptions("val-loss", 1e-4, 17);
        var stopped = Trace(epochs: epochs) with { EarlyStopping = stopping, EpochLimit = 100, BestEpoch = 40 };
        var finding = Assert.Single(Run(new MinDeltaTooLarge(), stopped));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal((115L, 200L), (finding.FirstStep, finding.LastStep));
        Assert.StartsWith("Early stopping ended the run at epoch 40 while the validation loss was still falling, from 0.000195 at epoch 23 to 0.00011 at epoch 40", finding.Explanation);
        Assert.Contains("--min-delta 0", finding.Fix);
        Assert.Contains("--min-delta-mode rel", finding.Fix);
        // As a fraction of the loss (1e-4 of it), each 5e-6 step counts: early stopping did not stop it so.
        Assert.Empty(Run(new MinDeltaTooLarge(), stopped with { EarlyStopping = stopping with { MinDeltaMode = "rel" } }));

        Assert.Empty(Run(new MinDeltaTooLarge(), stopped with { EpochLimit = 40 }));                                   // ran to its limit: still-improving says so
        Assert.Empty(Run(new MinDeltaTooLarge(), stopped with { EarlyStopping = stopping with { MinDelta = 0 } }));
        Assert.Empty(Run(new MinDeltaTooLarge(), stopped with { EarlyStopping = null }));                                // early stopping off
        Assert.Empty(Run(new MinDeltaTooLarge(), stopped with { EarlyStopping = stopping with { Monitor = "val-accuracy" } }));
        // A classifier whose every validation row is right grows surer as its loss falls on: stopping it is no loss.
        var sure = epochs.Select(e => e with { ValidationAccuracy = 1.0, TrainAccuracy = 1.0 }).ToArray();
        Assert.Empty(Run(new MinDeltaTooLarge(), stopped with { Epochs = sure }));
        Assert.Single(Run(new MinDeltaTooLarge(), stopped with { Epochs = sure.Select(e => e with { ValidationAccuracy = 0.9 }).ToArray() }));
        var close = Epochs(40, e => 1e-4, e => e == 1 ? 1e-3 : 3e-4 - 1e-6 * (e - 2), accuracy: null);   // 13% lower: within reach
        Assert.Empty(Run(new MinDeltaTooLarge(), stopped with { Epochs = close }));
    }

    [Fact]
    public void Loss_plateau_only_while_the_data_is_not_fitted()
    {
        Assert.Single(Run(new LossPlateau(), Trace(epochs: Epochs(40, e => 0.25, accuracy: 0.5))));
        Assert.Empty(Run(new LossPlateau(), Trace(epochs: Epochs(40, e => 0.01, accuracy: 1.0))));   // converged, not stuck
        // Overlapping classes: 95% is all a net can get, and its loss is flat at a twentieth of the untrained net's (1.0
        // at step 0): settled, not stuck. At a third of it, with the same accuracy, it is stuck.
        Assert.Empty(Run(new LossPlateau(), Trace(epochs: Epochs(40, e => 0.05, accuracy: 0.95))));
        Assert.Single(Run(new LossPlateau(), Trace(epochs: Epochs(40, e => 0.3, accuracy: 0.95))));
        // Level on average, but bouncing: not stuck (the learning-rate-too-high rule speaks of it), whatever its two ends say.
        Assert.Empty(Run(new LossPlateau(), Trace(epochs: Epochs(40, e => e % 4 == 2 ? 1.04 : 0.8, accuracy: 0.6))));
        Assert.Single(Run(new LossPlateau(), Trace(epochs: Epochs(40, e => e % 4 == 2 ? 0.82 : 0.8, accuracy: 0.6))));   // minibatch noise on a level
        Assert.Empty(Run(new LossPlateau(), Trace(epochs: Epochs(40, e => 1.0 / e, accuracy: 0.5))));
        // Flat at a loss above the first epoch's: the steps are too large (learning-rate-too-high says so), and raising
        // the learning rate, this rule's advice, would make it worse.
        var diverged = Trace(epochs: Epochs(40, e => e < 10 ? 30 + e : 40.6, accuracy: 0.5));
        Assert.Empty(Run(new LossPlateau(), diverged));
        Assert.Equal(["learning-rate-too-high"], Diagnoser.Diagnose(diverged).Select(f => f.Rule));
    }

    [Fact]
    public void Still_improving_needs_the_epoch_limit_reached_with_the_loss_falling_and_the_data_not_yet_fitted()
    {
        // 100 epochs of 100: validation 1.2/e is 10% lower at epoch 100 than at epoch 90.
        var falling = Epochs(100, e => 1.0 / e, e => 1.2 / e);
        var finding = Assert.Single(Run(new StillImproving(), Trace(epochs: falling) with { EpochLimit = 100 }));
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Equal(90 * 5, finding.FirstStep);
        Assert.Contains("--epochs 200", finding.Fix);
        Assert.Contains("validation loss", finding.Explanation);
        Assert.Contains("training loss", Assert.Single(Run(new StillImproving(), Trace(epochs: Epochs(100, e => 1.0 / e)) with { EpochLimit = 100 })).Explanation);

        Assert.Empty(Run(new StillImproving(), Trace(epochs: falling)));                                      // limit unknown
        Assert.Empty(Run(new StillImproving(), Trace(epochs: falling) with { EpochLimit = 300 }));            // stopped early
        Assert.Empty(Run(new StillImproving(), Trace(epochs: Epochs(100, e => 1.0 / e, e => 1.2 / e, accuracy: 0.995)) with { EpochLimit = 100 }));   // fitted
        Assert.Empty(Run(new StillImproving(), Trace(epochs: Epochs(100, e => 1.0 / e, e => 0.5 + 0.1 / e)) with { EpochLimit = 100 }));   // 0.02% better: converged
    }

    [Fact]
    public void Overfitting_needs_validation_rising_while_training_falls()
    {
        var rising = Epochs(30, e => 1.0 / e, e => e < 10 ? 1.0 / e : 0.1 + (e - 10) * 0.02);
        var finding = Assert.Single(Run(new Overfitting(), Trace(epochs: rising)));
        Assert.Equal(50, finding.FirstStep);   // the best validation epoch, 10, ended at step 50
        Assert.Equal(Severity.Warning, finding.Severity);
        // Early stopping kept epoch 10's weights (from before the rise): information. Epoch 25's (0.4): still a warning.
        var stopping = new EarlyStoppingOptions("val-loss", 0, 30);
        var handled = Assert.Single(Run(new Overfitting(), Trace(epochs: rising) with { EarlyStopping = stopping, BestEpoch = 10 }));
        Assert.Equal(Severity.Info, handled.Severity);
        Assert.Contains("kept epoch 10's weights", handled.Explanation);
        Assert.Equal(Severity.Warning, Assert.Single(Run(new Overfitting(), Trace(epochs: rising) with { EarlyStopping = stopping, BestEpoch = 25 })).Severity);
        Assert.Empty(Run(new Overfitting(), Trace(epochs: Epochs(30, e => 1.0 / e, e => 1.1 / e))));
        Assert.Empty(Run(new Overfitting(), Trace(epochs: Epochs(30, e => 1.0 / e))));   // no validation set
    }

    [Fact]
    public void Init_that_does_not_suit_the_activation()
    {
        Assert.Equal(Severity.Info, Assert.Single(Run(new InitMismatch(), Trace(init: "xavier-uniform"))).Severity);
        Assert.Equal(Severity.Error, Assert.Single(Run(new InitMismatch(), Trace(init: "zeros"))).Severity);
        Assert.Single(Run(new InitMismatch(), Trace(init: "he-normal", activations: new() { [1] = "tanh" })));
        Assert.Empty(Run(new InitMismatch(), Trace(init: "he-uniform")));
        Assert.Empty(Run(new InitMismatch(), Trace(init: "xavier-normal", activations: new() { [1] = "tanh" })));
        // The output sigmoid of a binary classifier (layer 3, after the last Linear at 2) is not a hidden activation.
        Assert.Empty(Run(new InitMismatch(), Trace(init: "he-uniform", activations: new() { [1] = "relu", [3] = "sigmoid" })));
        Assert.Single(Run(new InitMismatch(), Trace(init: "he-uniform", activations: new() { [1] = "tanh", [3] = "sigmoid" })));
    }
}
