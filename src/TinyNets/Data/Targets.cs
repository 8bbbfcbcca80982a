namespace TinyNets.Data;

/// <summary>Re-encodings of class-index targets for losses that want other shapes.</summary>
public static class Targets
{
    /// <summary>One-hot rows of width <see cref="Dataset.ClassCount"/>, for MSE on a softmax output.</summary>
    public static Dataset OneHot(Dataset data)
    {
        if (!data.IsClassification || data.TargetWidth != 1)
            throw new ArgumentException("one-hot encoding needs one class index per row");
        int k = data.ClassCount;
        var t = new float[data.Rows * k];
        for (int r = 0; r < data.Rows; r++) t[r * k + (int)data.Targets[r]] = 1f;
        return new Dataset(data.Features, t, data.FeatureWidth, k, k, data.FeatureNames,
            data.ClassNames.Select(c => $"{data.TargetNames[0]}={c}").ToArray(), data.ClassNames);
    }
}
