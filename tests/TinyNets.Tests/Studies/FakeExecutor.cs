using System.Globalization;
using TinyNets.Studies;
using TinyNets.Studies.Execution;
using TinyNets.Studies.Specs;
using TinyNets.Studies.Storage;

namespace TinyNets.Tests.Studies;

/// <summary>
/// A trial executor with a known answer: the objective (a validation loss) is smallest at lr 0.01, two hidden layers
/// and Adam, falls with the epoch budget, and varies a little with the seed. Writes a one-file folder.
/// </summary>
internal sealed class FakeExecutor : ITrialExecutor
{
    private int _runs;

    public int Runs => _runs;

    public static double Loss(Runs.RunConfig c) =>
        Math.Abs(Math.Log10(c.LearningRate) + 2) + Math.Abs(c.Hidden.Length - 2) * 0.5 + (c.Optimizer == "adam" ? 0 : 0.3)
        + 1.0 / c.Epochs + c.Seed % 3 * 0.001;

    public TrialResult Run(TrialRecord trial, Objective objective, CancellationToken stop)
    {
        Interlocked.Increment(ref _runs);
        var config = RunConfigYaml.Parse(trial.ConfigYaml, "trial");
        double loss = Loss(config);
        var outcome = new TrialOutcome(loss, loss, null, loss, null, null, null, config.Epochs, 1, 0, 0.01, 0);
        var epochs = Enumerable.Range(1, 3).Select(e => new EpochRow(0, e, config.LearningRate, loss * (4 - e), null, loss * (4 - e), null, null, null)).ToArray();
        return new TrialResult(TrialState.Complete, outcome, epochs,
            folder =>
            {
                Directory.CreateDirectory(folder);
                File.WriteAllText(Path.Combine(folder, "summary.json"), loss.ToString(CultureInfo.InvariantCulture));
            }, null);
    }
}
