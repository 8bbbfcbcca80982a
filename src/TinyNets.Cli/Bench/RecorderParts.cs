using System.Diagnostics;
using TinyNets.Optimizers;
using TinyNets.Training;

namespace TinyNets.Cli.Bench;

/// <summary>One part of the recorder's work and its overhead over training with no observer.</summary>
/// <param name="Pairs">Back-to-back pairs of runs (no observer, then the part) the median is taken over.</param>
public sealed record RecorderPart(string Part, double OverheadPercent, int Pairs);

/// <summary>
/// <c>tinynets bench --recorder-parts</c>: where the recorder's overhead goes. A workload trains alternately with no
/// observer and with an observer doing one more part of the recorder's work than the last: step hooks that do nothing,
/// then only the optimizer's statistics, then the recorder without activation statistics, then the recorder as shipped.
/// Each part's figure is the median ratio of back-to-back pairs in this one process, as for the recorder's figure.
/// </summary>
public static class RecorderParts
{
    private static readonly (string Name, Func<Trainer, ITrainingObserver> Observer)[] Parts =
    [
        ("step hooks that do nothing", _ => new EmptyHooks()),
        ("the optimizer's statistics only", _ => new OptimizerStatistics()),
        ("the recorder without activation statistics", t => new StepRecorder(t.Model, options: new StepRecorderOptions(ActivationEvery: int.MaxValue))),
        ("the recorder", t => new StepRecorder(t.Model)),
    ];

    public static IReadOnlyList<RecorderPart> Measure(Workload workload, int repeats)
    {
        var results = new List<RecorderPart>();
        foreach (var (name, observer) in Parts)
        {
            double pair = 0;
            for (var warm = Stopwatch.StartNew(); warm.Elapsed.TotalSeconds < 1;)   // the code of this part compiled and promoted
                pair = workload.Time(0).Seconds + workload.Time(0, observer).Seconds;
            var ratios = new double[Workload.Pairs(repeats, pair)];
            for (int r = 0; r < ratios.Length; r++)
            {
                double off = workload.Time((ulong)r + 1).Seconds;
                ratios[r] = workload.Time((ulong)r + 1, observer).Seconds / off;
            }
            results.Add(new RecorderPart(name, 100 * (Commands.BenchCommand.Median(ratios) - 1), ratios.Length));
        }
        return results;
    }

    private sealed class EmptyHooks : ITrainingObserver
    {
        public void AfterBackward(Trainer trainer, in StepInfo step) { }
        public void AfterStep(Trainer trainer, in StepInfo step) { }
    }

    // The optimizer sums Σθ², Σθ′², Σ(θ′ − θ)² and Σg² per tensor into a buffer of its own; nothing else is recorded.
    private sealed class OptimizerStatistics : ITrainingObserver
    {
        public void TrainingStarted(Trainer trainer, long expectedSteps) =>
            trainer.Optimizer.Statistics = new UpdateStatistics(trainer.Optimizer.Parameters.Length);
    }
}
