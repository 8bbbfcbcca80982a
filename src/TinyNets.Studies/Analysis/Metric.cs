using System.Globalization;
using System.Text.RegularExpressions;

namespace TinyNets.Studies.Analysis;

/// <summary>
/// What a finding is measured by, per trial: a final value (<c>test-accuracy</c>, <c>val-loss</c>, ...), the epochs a
/// trial needed to reach a threshold (<c>epochs-to train-loss &lt;= 0.3</c>, counted over its attempts in order), or
/// whether it reached one (<c>fraction train-accuracy &gt;= 1</c>: 1 or 0 per trial, so the mean is the fraction of seeds).
/// </summary>
public sealed partial record Metric(MetricKind Kind, string Measure, double? Threshold, bool AtLeast)
{
    public static readonly string[] Measures = ["train-loss", "val-loss", "test-loss", "train-accuracy", "val-accuracy", "test-accuracy"];

    /// <summary>Lower is better for losses and epoch counts; higher for accuracies and fractions.</summary>
    public bool LowerIsBetter => Kind == MetricKind.EpochsTo || (Kind == MetricKind.Final && Measure.EndsWith("-loss", StringComparison.Ordinal));

    public override string ToString() => Kind switch
    {
        MetricKind.Final => Measure,
        MetricKind.EpochsTo => $"epochs-to {Measure} {(AtLeast ? ">=" : "<=")} {Threshold!.Value.ToString(CultureInfo.InvariantCulture)}",
        _ => $"fraction {Measure} {(AtLeast ? ">=" : "<=")} {Threshold!.Value.ToString(CultureInfo.InvariantCulture)}",
    };

    /// <summary>Reads a metric; null when the text is not one (the caller names the file, line and key).</summary>
    public static Metric? Parse(string text)
    {
        text = text.Trim();
        if (Measures.Contains(text)) return new Metric(MetricKind.Final, text, null, false);
        var m = ThresholdPattern().Match(text);
        if (!m.Success || !Measures.Contains(m.Groups[2].Value)) return null;
        if (!double.TryParse(m.Groups[4].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double threshold)) return null;
        return new Metric(m.Groups[1].Value == "epochs-to" ? MetricKind.EpochsTo : MetricKind.Fraction, m.Groups[2].Value, threshold, m.Groups[3].Value == ">=");
    }

    [GeneratedRegex(@"^(epochs-to|fraction)\s+([a-z-]+)\s*(<=|>=)\s*(\S+)$")]
    private static partial Regex ThresholdPattern();

    /// <summary>True when <paramref name="value"/> meets the threshold.</summary>
    public bool Meets(double value) => AtLeast ? value >= Threshold : value <= Threshold;
}

public enum MetricKind { Final, EpochsTo, Fraction }
