namespace TinyNets.Data;

/// <summary>
/// Rows of features and targets in memory, batch-major float32. Targets are one class index per row
/// (<see cref="TargetWidth"/> 1, for cross-entropy), or <see cref="TargetWidth"/> values per row (one-hot, 0/1, regression).
/// </summary>
public sealed class Dataset
{
    public Dataset(float[] features, float[] targets, int featureWidth, int targetWidth, int classCount = 0)
    {
        FeatureWidth = Require.Positive(featureWidth, "feature width");
        TargetWidth = Require.Positive(targetWidth, "target width");
        if (features.Length % featureWidth != 0)
            throw new ArgumentException($"{features.Length} feature values do not divide into rows of {featureWidth}");
        Rows = features.Length / featureWidth;
        if (targets.Length != Rows * targetWidth)
            throw new ArgumentException($"{Rows} rows need {Rows * targetWidth} target values, got {targets.Length}");
        Features = features;
        Targets = targets;
        ClassCount = classCount;
    }

    public float[] Features { get; }
    public float[] Targets { get; }
    public int Rows { get; }
    public int FeatureWidth { get; }
    public int TargetWidth { get; }

    /// <summary>Number of classes for classification, 0 for regression.</summary>
    public int ClassCount { get; }

    public bool IsClassification => ClassCount > 0;

    public ReadOnlySpan<float> FeatureRow(int row) => Features.AsSpan(row * FeatureWidth, FeatureWidth);

    public ReadOnlySpan<float> TargetRow(int row) => Targets.AsSpan(row * TargetWidth, TargetWidth);
}
