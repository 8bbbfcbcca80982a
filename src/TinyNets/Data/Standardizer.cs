namespace TinyNets.Data;

/// <summary>
/// Feature standardization (x − mean) / std, fitted on training rows only and applied unchanged to validation, test and
/// prediction data, as scikit-learn's <c>StandardScaler</c> (population std; a constant column keeps std 1). For a
/// regression it can standardize the targets as well (<see cref="TargetMean"/>, <see cref="TargetStd"/>), as
/// scikit-learn's <c>TransformedTargetRegressor</c> with a <c>StandardScaler</c> does: a net whose output starts near 0
/// and moves by about the learning rate a step cannot reach targets such as prices around 3e5; the losses are then in
/// units of the target's variance, and <see cref="RestoreTargets"/> turns outputs back into the target's own units.
/// </summary>
public sealed record Standardizer(float[] Mean, float[] Std, float[]? TargetMean = null, float[]? TargetStd = null)
{
    /// <summary>The root mean square from which a regression target counts as large (<see cref="LargeTargets"/>).</summary>
    public const double LargeTarget = 100;

    /// <summary>
    /// Whether a regression's targets are too large for a net to reach by its output alone: a target's root mean square
    /// over the training rows is <see cref="LargeTarget"/> or more. A house price of about 3e5 trained raw ended at 17
    /// times the noise's RMSE, one of about 1e3 at 1.7 times, one of about 100 (or scikit-learn's diabetes table, mean
    /// 152) as well as standardized; below, standardizing the target bought nothing and, with weight decay, cost a
    /// little (README, "Training runs").
    /// </summary>
    public static bool LargeTargets(Dataset train)
    {
        if (train.IsClassification || train.Rows == 0) return false;
        int w = train.TargetWidth;
        var squares = new double[w];
        for (int i = 0; i < train.Targets.Length; i++) squares[i % w] += (double)train.Targets[i] * train.Targets[i];
        return squares.Any(s => Math.Sqrt(s / train.Rows) >= LargeTarget);
    }

    /// <param name="targets">Also standardize the targets of a regression (a classification's are left alone).</param>
    public static Standardizer Fit(Dataset train, bool targets = false)
    {
        var (mean, std) = MeanAndStd(train.Features, train.FeatureWidth);
        if (!targets || train.IsClassification) return new Standardizer(mean, std);
        var (targetMean, targetStd) = MeanAndStd(train.Targets, train.TargetWidth);
        return new Standardizer(mean, std, targetMean, targetStd);
    }

    // Per column of example-major rows, in double: the population std, 1 for a constant column.
    private static (float[] Mean, float[] Std) MeanAndStd(float[] values, int width)
    {
        int rows = values.Length / width;
        var sum = new double[width];
        var squares = new double[width];
        for (int i = 0; i < values.Length; i++) sum[i % width] += values[i];
        var mean = new double[width];
        for (int j = 0; j < width; j++) mean[j] = sum[j] / rows;
        for (int i = 0; i < values.Length; i++) squares[i % width] += (values[i] - mean[i % width]) * (values[i] - mean[i % width]);
        var std = new float[width];
        for (int j = 0; j < width; j++)
        {
            double s = Math.Sqrt(squares[j] / rows);
            std[j] = s > 0 ? (float)s : 1f;
        }
        return (mean.Select(m => (float)m).ToArray(), std);
    }

    /// <summary>The same rows with standardized features, and standardized targets when this standardizes a
    /// regression's.</summary>
    public Dataset Apply(Dataset data)
    {
        if (data.FeatureWidth != Mean.Length)
            throw new TinyNetsException($"the standardization was fitted on {Mean.Length} features, the data has {data.FeatureWidth}");
        var x = new float[data.Features.Length];
        Apply(data.Features, x);
        if (TargetMean is null || data.IsClassification) return data.WithFeatures(x);
        if (data.TargetWidth != TargetMean.Length)
            throw new TinyNetsException($"the standardization was fitted on {TargetMean.Length} targets, the data has {data.TargetWidth}");
        var t = new float[data.Targets.Length];
        Scale(data.Targets, t, TargetMean, TargetStd!);
        return new Dataset(x, t, data.FeatureWidth, data.TargetWidth, 0, data.FeatureNames, data.TargetNames);
    }

    /// <summary>Standardizes example-major rows into <paramref name="destination"/>.</summary>
    public void Apply(ReadOnlySpan<float> rows, Span<float> destination) => Scale(rows, destination, Mean, Std);

    /// <summary>A regression net's example-major outputs, in place, back in the target's own units (output × std + mean);
    /// nothing when the targets were not standardized.</summary>
    public void RestoreTargets(Span<float> outputs)
    {
        if (TargetMean is null) return;
        for (int i = 0; i < outputs.Length; i++) outputs[i] = (float)RestoreTarget(outputs[i], i % TargetMean.Length);
    }

    /// <summary>One output of target <paramref name="target"/> in the target's own units (as it is when the targets were
    /// not standardized).</summary>
    public double RestoreTarget(double output, int target = 0) => TargetMean is null ? output : output * TargetStd![target] + TargetMean[target];

    private static void Scale(ReadOnlySpan<float> rows, Span<float> destination, float[] mean, float[] std)
    {
        int w = mean.Length;
        for (int i = 0; i < rows.Length; i++) destination[i] = (rows[i] - mean[i % w]) / std[i % w];
    }
}
