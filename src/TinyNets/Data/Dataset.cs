namespace TinyNets.Data;

/// <summary>
/// Rows of features and targets in memory, example-major float32 (row after row, as in a CSV). Targets are one class index per row
/// (<see cref="TargetWidth"/> 1, for cross-entropy), or <see cref="TargetWidth"/> values per row (one-hot, 0/1, regression).
/// </summary>
public sealed class Dataset
{
    public Dataset(float[] features, float[] targets, int featureWidth, int targetWidth, int classCount = 0,
        IReadOnlyList<string>? featureNames = null, IReadOnlyList<string>? targetNames = null, IReadOnlyList<string>? classNames = null)
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
        FeatureNames = featureNames ?? Enumerable.Range(1, featureWidth).Select(i => $"x{i}").ToArray();
        TargetNames = targetNames ?? (targetWidth == 1 ? ["label"] : Enumerable.Range(1, targetWidth).Select(i => $"y{i}").ToArray());
        ClassNames = classNames ?? (classCount > 0 ? Enumerable.Range(0, classCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray() : []);
        if (FeatureNames.Count != featureWidth) throw new ArgumentException($"{FeatureNames.Count} feature names for {featureWidth} features");
        if (ClassNames.Count != classCount) throw new ArgumentException($"{ClassNames.Count} class names for {classCount} classes");
    }

    /// <summary>Column names of the features (x1, x2, ... for generated data).</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Column names of the targets ("label" for generated classification data).</summary>
    public IReadOnlyList<string> TargetNames { get; }

    /// <summary>The original label of each class index (the CSV's strings, or "0", "1", ... for generated data).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The rows at <paramref name="rows"/>, in that order, with the same names and classes.</summary>
    public Dataset Select(ReadOnlySpan<int> rows)
    {
        var x = new float[rows.Length * FeatureWidth];
        var t = new float[rows.Length * TargetWidth];
        for (int r = 0; r < rows.Length; r++)
        {
            FeatureRow(rows[r]).CopyTo(x.AsSpan(r * FeatureWidth));
            TargetRow(rows[r]).CopyTo(t.AsSpan(r * TargetWidth));
        }
        return new Dataset(x, t, FeatureWidth, TargetWidth, ClassCount, FeatureNames, TargetNames, ClassNames);
    }

    /// <summary>The same rows with other features (standardized, say).</summary>
    public Dataset WithFeatures(float[] features) =>
        new(features, Targets, FeatureWidth, TargetWidth, ClassCount, FeatureNames, TargetNames, ClassNames);

    /// <summary>Rows of each class, indexed by class (empty for regression).</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassCount];
        if (IsClassification && TargetWidth == 1)
            foreach (float t in Targets) counts[(int)t]++;
        return counts;
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
