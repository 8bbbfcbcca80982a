namespace TinyNets.Training;

/// <summary>
/// Loss and accuracy of one epoch. Accuracies are null for regression; validation and test figures are null without
/// those sets. <c>TrainLoss</c> is the mean loss over the epoch's minibatches weighted by their rows (as Keras reports it).
/// </summary>
public sealed record EpochMetrics(
    int Epoch,
    long Steps,
    double LearningRate,
    double TrainLoss,
    double? TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double? TestLoss,
    double? TestAccuracy);

/// <summary>Loss and accuracy of a model on one dataset.</summary>
public readonly record struct Evaluation(double Loss, double? Accuracy);

/// <summary>How a fit went.</summary>
public sealed record TrainingHistory(IReadOnlyList<EpochMetrics> Epochs, long Steps, bool Stopped, long? DivergedAtStep)
{
    public bool Diverged => DivergedAtStep is not null;
}
