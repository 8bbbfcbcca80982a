namespace TinyNets.Data;

/// <summary>
/// Feature standardization (x − mean) / std, fitted on training rows only and applied unchanged to validation, test and
/// prediction data, as scikit-learn's <c>StandardScaler</c> (population std; a constant feature keeps std 1).
/// </summary>
public sealed record Standardizer(float[] Mean, float[] Std)
{
    public static Standardizer Fit(Dataset train)
    {
        int w = train.FeatureWidth;
        var sum = new double[w];
        var squares = new double[w];
        for (int r = 0; r < train.Rows; r++)
        {
            var row = train.FeatureRow(r);
            for (int j = 0; j < w; j++) sum[j] += row[j];
        }
        var mean = new double[w];
        for (int j = 0; j < w; j++) mean[j] = sum[j] / train.Rows;
        for (int r = 0; r < train.Rows; r++)
        {
            var row = train.FeatureRow(r);
            for (int j = 0; j < w; j++) squares[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
        }
        var std = new float[w];
        for (int j = 0; j < w; j++)
        {
            double s = Math.Sqrt(squares[j] / train.Rows);
            std[j] = s > 0 ? (float)s : 1f;
        }
        return new Standardizer(mean.Select(m => (float)m).ToArray(), std);
    }

    /// <summary>The same rows with standardized features.</summary>
    public Dataset Apply(Dataset data)
    {
        if (data.FeatureWidth != Mean.Length)
            throw new TinyNetsException($"the standardization was fitted on {Mean.Length} features, the data has {data.FeatureWidth}");
        var x = new float[data.Features.Length];
        Apply(data.Features, x);
        return data.WithFeatures(x);
    }

    /// <summary>Standardizes example-major rows into <paramref name="destination"/>.</summary>
    public void Apply(ReadOnlySpan<float> rows, Span<float> destination)
    {
        int w = Mean.Length;
        for (int i = 0; i < rows.Length; i++) destination[i] = (rows[i] - Mean[i % w]) / Std[i % w];
    }
}
