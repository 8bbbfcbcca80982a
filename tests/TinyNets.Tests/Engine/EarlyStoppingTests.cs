using TinyNets.Losses;
using TinyNets.Models;
using TinyNets.Optimizers;
using TinyNets.Randomness;
using TinyNets.Training;
using Xunit;

namespace TinyNets.Tests.Engine;

/// <summary>Early stopping fed epoch by epoch: when it stops, and whose weights it keeps. Each epoch's weights carry the
/// epoch's number, so the weights it restores say which epoch it kept.</summary>
public sealed class EarlyStoppingTests
{
    private static (Trainer Trainer, EarlyStopping Stopper) Make(EarlyStoppingOptions options)
    {
        var model = new ModelSpec([1, 1]).Build();
        var trainer = new Trainer(model, new MeanSquaredError(), new Sgd(model.Parameters, new SgdOptions { LearningRate = 0.1 }),
            new TrainerOptions { BatchSize = 1, Epochs = 100 }, new RandomStream(1));
        return (trainer, new EarlyStopping(model, options));
    }

    // Feeds the values as epochs 1, 2, ...; returns the epoch it stopped after (0 if it never did) and the epoch it kept.
    private static (int StoppedAfter, int Kept) Feed(EarlyStoppingOptions options, params double[] values)
    {
        var (trainer, stopper) = Make(options);
        int stoppedAfter = 0;
        for (int e = 1; e <= values.Length && stoppedAfter == 0; e++)
        {
            trainer.Model.Parameters[0].Value[0] = e;
            bool accuracy = options.Monitor == "val-accuracy";
            stopper.EpochEnd(trainer, new EpochMetrics(e, e, 0.1, 1.0, null, accuracy ? null : values[e - 1], accuracy ? values[e - 1] : null, null, null));
            if (stopper.Stopped) stoppedAfter = e;
        }
        stopper.RestoreBest(trainer.Model);
        Assert.Equal(stopper.BestEpoch, (int)trainer.Model.Parameters[0].Value[0]);
        return (stoppedAfter, stopper.BestEpoch);
    }

    [Fact]
    public void Patience_counts_epochs_without_an_improvement_larger_than_min_delta()
    {
        var options = new EarlyStoppingOptions("val-loss", MinDelta: 0.01, Patience: 3);
        Assert.Equal((5, 2), Feed(options, 1.0, 0.5, 0.6, 0.7, 0.8, 0.1));      // three worse epochs after the best
        Assert.Equal((0, 5), Feed(options, 1.0, 0.5, 0.4, 0.3, 0.2));           // always improving: never stops
        Assert.Equal((0, 6), Feed(options with { Patience = 2 }, 1.0, 0.8, 0.9, 0.7, 0.95, 0.6));   // the wait restarts at each improvement
    }

    [Fact]
    public void Steps_smaller_than_min_delta_keep_their_weights_but_do_not_reset_patience()
    {
        // 0.500 → 0.497 → 0.494 → 0.491: each step 0.003 under min delta 0.01, so the run stops after three of them, as
        // Keras stops; the weights kept are epoch 5's, the lowest (Keras kept epoch 2's, 2% worse).
        var options = new EarlyStoppingOptions("val-loss", MinDelta: 0.01, Patience: 3);
        Assert.Equal((5, 5), Feed(options, 1.0, 0.5, 0.497, 0.494, 0.491, 0.1));
        // Small steps that add up to more than min delta below the last counted epoch count as an improvement: 0.488 is
        // 0.012 below 0.5, so patience starts again at epoch 5.
        Assert.Equal((8, 5), Feed(options, 1.0, 0.5, 0.496, 0.492, 0.488, 0.4889, 0.489, 0.4885, 0.1));
    }

    [Fact]
    public void A_relative_min_delta_is_a_fraction_of_the_last_epoch_that_counted()
    {
        // Losses near 1e-5 falling 2% an epoch: every step is under an absolute min delta of 1e-4, so patience runs out
        // after three; as a fraction (1%, PyTorch's ReduceLROnPlateau threshold_mode='rel'), each step counts.
        double[] small = [1e-3, 1e-5, 0.98e-5, 0.96e-5, 0.94e-5, 0.92e-5, 0.90e-5];
        var absolute = new EarlyStoppingOptions("val-loss", MinDelta: 1e-4, Patience: 3);
        Assert.Equal((5, 5), Feed(absolute, small));
        var relative = absolute with { MinDelta = 0.01, MinDeltaMode = "rel" };
        Assert.Equal((0, 7), Feed(relative, small));
        // Steps that stay within 1% of the last epoch that counted do not reset patience.
        Assert.Equal((5, 5), Feed(relative, 1e-3, 1e-5, 0.997e-5, 0.995e-5, 0.993e-5));
        // An accuracy must rise by the fraction of its reference: 0.9 → 0.905 is 0.56%, under 1%; 0.9 → 0.91 is over.
        var accuracy = relative with { Monitor = "val-accuracy", Patience = 2 };
        Assert.Equal((3, 2), Feed(accuracy, 0.9, 0.905, 0.905, 0.95));
        Assert.Equal((0, 3), Feed(accuracy, 0.9, 0.905, 0.91));
        Assert.Throws<ArgumentException>(() => Make(absolute with { MinDeltaMode = "percent" }));
    }

    [Fact]
    public void Accuracy_is_maximized_and_warm_up_epochs_do_not_count()
    {
        var accuracy = new EarlyStoppingOptions("val-accuracy", MinDelta: 0, Patience: 2);
        Assert.Equal((4, 2), Feed(accuracy, 0.5, 0.9, 0.8, 0.9));
        var warmUp = new EarlyStoppingOptions("val-loss", MinDelta: 0, Patience: 2, StartFromEpoch: 3);
        Assert.Equal((5, 1), Feed(warmUp, 0.5, 0.6, 0.7, 0.8, 0.9));   // epochs 2 and 3 are warm-up: it waits through 4 and 5
    }
}
