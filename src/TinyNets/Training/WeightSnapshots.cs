using TinyNets.Models;
using TinyNets.Serialization;

namespace TinyNets.Training;

/// <summary>
/// Copies of the weights at the end of epochs 1, 2, 5, 10, 20, 50, 100, ... (and the last epoch), so a report can show
/// how the decision boundary formed. Copies are taken at epoch ends only, never inside a step.
/// </summary>
public sealed class WeightSnapshots : ITrainingObserver
{
    private readonly List<(int Epoch, IReadOnlyList<NamedTensor> Weights)> _snapshots = [];

    public IReadOnlyList<(int Epoch, IReadOnlyList<NamedTensor> Weights)> Snapshots => _snapshots;

    /// <summary>1, 2, 5, 10, 20, 50, ...</summary>
    public static bool IsSnapshotEpoch(int epoch)
    {
        for (long scale = 1; scale <= epoch; scale *= 10)
            if (epoch == scale || epoch == 2 * scale || epoch == 5 * scale) return true;
        return false;
    }

    public void EpochEnd(Trainer trainer, EpochMetrics metrics)
    {
        if (IsSnapshotEpoch(metrics.Epoch) || metrics.Epoch == trainer.Options.Epochs)
            _snapshots.Add((metrics.Epoch, StateDict.Of(trainer.Model)));
    }

    /// <summary>Adds the final weights when training ended between snapshot epochs (an early stop).</summary>
    public void Finish(Sequential model, int lastEpoch)
    {
        if (lastEpoch > 0 && (_snapshots.Count == 0 || _snapshots[^1].Epoch != lastEpoch))
            _snapshots.Add((lastEpoch, StateDict.Of(model)));
    }
}
