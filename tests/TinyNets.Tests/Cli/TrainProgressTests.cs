using TinyNets.Cli.Commands;
using TinyNets.Training;
using Xunit;

namespace TinyNets.Tests.Cli;

public sealed class TrainProgressTests
{
    private static EpochMetrics Epoch(int epoch, double loss) => new(epoch, epoch * 10, 0.01, loss, 0.5, loss, 0.5, null, null);

    /// <summary>What a terminal shows: each line as the carriage returns in it overwrite it from its first column.</summary>
    private static string[] Screen(string output) => output.Split('\n').Select(line =>
    {
        var shown = new System.Text.StringBuilder();
        foreach (var segment in line.Split('\r'))
            for (int c = 0; c < segment.Length; c++)
                if (c < shown.Length) shown[c] = segment[c];
                else shown.Append(segment[c]);
        return shown.ToString().TrimEnd();
    }).ToArray();

    [Fact]
    public void On_a_terminal_each_attempt_ends_its_line_with_its_last_epoch_before_anything_else_is_printed()
    {
        // The summary was printed on the progress line ("... eta 0s   Linear(2, 64) ReLU ..."), and an attempt stopped
        // early kept whichever epoch had last been drawn.
        var writer = new StringWriter();
        var progress = new TrainProgress(writer, epochs: 100, live: true);
        progress.AttemptStarted(0, 2);
        for (int e = 1; e <= 30; e++) progress.EpochEnded(0, Epoch(e, 10.0 / e));   // stops early, at epoch 30
        progress.AttemptStarted(1, 2);
        for (int e = 1; e <= 100; e++) progress.EpochEnded(1, Epoch(e, 1.0 / e));
        progress.Finish();
        writer.Write("summary");
        Assert.Equal(["attempt 1 of up to 2", "epoch     30  loss 0.333333  val_loss 0.333333  val_acc 0.5000", "attempt 2 of up to 2",
            "epoch    100  loss 0.010000  val_loss 0.010000  val_acc 0.5000", "summary"], Screen(writer.ToString()));
    }

    [Theory]
    [InlineData(0.004869860, "0.004870")]
    [InlineData(1.5, "1.500000")]
    [InlineData(0.0, "0.000000")]
    [InlineData(8658496464739270000.0, "8.6585E+18")]   // a diverging run's loss was a row of 19 digits
    [InlineData(2.5e-9, "2.5E-09")]                     // and a fitted one's a row of zeros
    public void Losses_print_with_six_decimals_or_six_significant_digits_at_the_extremes(double value, string expected) =>
        Assert.Equal(expected, TrainCommand.F(value));

    [Fact]
    public void Redirected_it_prints_every_tenth_of_the_epochs_with_no_carriage_returns()
    {
        var writer = new StringWriter();
        var progress = new TrainProgress(writer, epochs: 20, live: false);
        progress.AttemptStarted(0, 1);
        for (int e = 1; e <= 20; e++) progress.EpochEnded(0, Epoch(e, 1));
        progress.Finish();
        Assert.DoesNotContain('\r', writer.ToString());
        Assert.Equal(10, writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
