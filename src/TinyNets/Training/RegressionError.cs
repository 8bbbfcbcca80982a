using TinyNets.Data;
using TinyNets.Models;

namespace TinyNets.Training;

/// <summary>How far a regression net's predictions are from the targets, in the targets' own units.</summary>
public static class RegressionError
{
    /// <summary>
    /// The root mean squared error of each output over <paramref name="data"/>, as the net sees it (standardized by
    /// <paramref name="standardizer"/> when that standardizes targets), scaled back to the targets' units: the error of
    /// a standardized output is the error in the original units divided by the target's std.
    /// </summary>
    public static double[] Rmse(Sequential model, Dataset data, Standardizer? standardizer)
    {
        if (data.IsClassification) throw new ArgumentException("RMSE is for regression data", nameof(data));
        var outputs = model.Predict(data.Features, data.Rows);
        int width = data.TargetWidth;
        var squares = new double[width];
        for (int i = 0; i < outputs.Length; i++)
        {
            double d = outputs[i] - data.Targets[i];
            squares[i % width] += d * d;
        }
        return squares.Select((s, j) => Math.Sqrt(s / data.Rows) * (standardizer?.TargetStd?[j] ?? 1)).ToArray();
    }
}
