using System.Globalization;
using TinyNets.Studies.Specs;
using TinyNets.Studies.Storage;

namespace TinyNets.Studies.Analysis;

/// <summary>One choice's value of a finding's metric over its trials (seeds, and any other parameters' values).</summary>
/// <param name="Reached">For epochs-to metrics: trials that reached the threshold (only they have a value).</param>
public sealed record ChoiceValue(string Choice, Interval Value, int Reached, int Trials);

/// <summary>Whether a finding held here: the choices' values, and a sentence that says so with the margins.</summary>
public sealed record FindingResult(FindingSpec Spec, IReadOnlyList<ChoiceValue> Values, bool? Held, string Statement);

/// <summary>Checks an experiment's finding against its trials.</summary>
public static class FindingCheck
{
    /// <summary>
    /// Ranks the expected choices by the metric, over the trials of the first round in which the compared parameter
    /// varies (later stages fix it to a winner). Held means every place in the expected order beats the next: its worst
    /// choice beats the next place's best (a place holds one choice, or several the finding leaves unordered).
    /// </summary>
    public static FindingResult Evaluate(FindingSpec finding, IReadOnlyList<TrialRecord> trials, Func<TrialRecord, IReadOnlyList<EpochRow>> epochs)
    {
        var finished = trials.Where(t => t.State is TrialState.Complete or TrialState.Pruned or TrialState.Diverged && t.Parameters.ContainsKey(finding.Compare)).ToArray();
        int? round = finished.GroupBy(t => t.Round).Where(g => g.Select(t => t.Parameters[finding.Compare]).Distinct().Count() > 1)
            .Select(g => (int?)g.Key).FirstOrDefault();
        var values = finding.Expect.Select(choice =>
        {
            var group = finished.Where(t => t.Round == round && t.Parameters[finding.Compare] == choice).ToArray();
            var measured = group.Select(t => Measure(finding.Metric, t, epochs)).ToArray();
            var reached = measured.Where(v => v is double d && double.IsFinite(d)).Select(v => v!.Value).ToArray();
            return new ChoiceValue(choice, Interval.Of(reached), reached.Length, group.Length);
        }).ToArray();
        if (values.Any(v => v.Trials == 0))
            return new FindingResult(finding, values, null, $"not measured yet: no finished trials of {string.Join(", ", values.Where(v => v.Trials == 0).Select(v => v.Choice))}");

        var metric = finding.Metric;
        bool held = true;
        var margins = new List<string>();
        bool Better(ChoiceValue x, ChoiceValue y) => metric.LowerIsBetter ? Score(metric, x) < Score(metric, y) : Score(metric, x) > Score(metric, y);
        var places = finding.Ranked().Select(place => place.Select(c => values.First(v => v.Choice == c)).ToArray()).ToArray();
        for (int i = 0; i + 1 < places.Length; i++)
        {
            // The worst choice of a place against the best of the next: ties within a place are not ordered.
            var a = places[i].Aggregate((worst, v) => Better(worst, v) ? v : worst);
            var b = places[i + 1].Aggregate((best, v) => Better(v, best) ? v : best);
            double av = Score(metric, a), bv = Score(metric, b);
            bool better = Better(a, b);
            held &= better;
            margins.Add(double.IsFinite(av) && double.IsFinite(bv)
                ? $"{a.Choice} {(better ? "beats" : "trails")} {b.Choice} by {Margin(metric, Math.Abs(av - bv))}"
                : $"{a.Choice} {(better ? "beats" : "trails")} {b.Choice} ({Describe(metric, a)} vs {Describe(metric, b)})");
        }
        string measuredText = string.Join("; ", values.Select(v => $"{v.Choice}: {Describe(metric, v)}"));
        return new FindingResult(finding, values, held,
            $"{(held ? "held" : "did not hold")} on {metric}: {measuredText}. {string.Join("; ", margins)}.");
    }

    private static string Margin(Metric metric, double difference) => metric.Kind switch
    {
        MetricKind.EpochsTo => $"{F(difference)} epochs",
        MetricKind.Fraction => $"{F(100 * difference)} percentage points",
        _ when metric.Measure.EndsWith("-accuracy", StringComparison.Ordinal) => $"{F(100 * difference)} points of accuracy",
        _ => F(difference),
    };

    /// <summary>A trial's value of the metric; null when it never reached an epochs-to threshold.</summary>
    public static double? Measure(Metric metric, TrialRecord trial, Func<TrialRecord, IReadOnlyList<EpochRow>> epochs)
    {
        var o = trial.Outcome;
        if (metric.Kind == MetricKind.EpochsTo)
        {
            int before = 0, lastAttempt = -1, lastEpoch = 0;
            foreach (var row in epochs(trial))
            {
                if (row.Attempt != lastAttempt) { before += lastEpoch; lastAttempt = row.Attempt; }
                lastEpoch = row.Epoch;
                if (EpochValue(metric.Measure, row) is double v && metric.Meets(v)) return before + row.Epoch;
            }
            return null;
        }
        double? final = o is null ? null : metric.Measure switch
        {
            "train-loss" => o.TrainLoss,
            "val-loss" => o.ValLoss,
            "test-loss" => o.TestLoss,
            "train-accuracy" => o.TrainAccuracy,
            "val-accuracy" => o.ValAccuracy,
            _ => o.TestAccuracy,
        };
        if (metric.Kind == MetricKind.Fraction) return final is double f && metric.Meets(f) ? 1 : 0;
        return final;
    }

    private static double? EpochValue(string measure, EpochRow row) => measure switch
    {
        "train-loss" => row.TrainLoss,
        "val-loss" => row.ValLoss,
        "test-loss" => row.TestLoss,
        "train-accuracy" => row.TrainAccuracy,
        "val-accuracy" => row.ValAccuracy,
        _ => row.TestAccuracy,
    };

    /// <summary>The value ranked: a choice none of whose trials reached an epochs-to threshold ranks last.</summary>
    private static double Score(Metric metric, ChoiceValue v) =>
        v.Value.Count == 0 ? (metric.LowerIsBetter ? double.PositiveInfinity : double.NegativeInfinity) : v.Value.Mean;

    public static string Describe(Metric metric, ChoiceValue v)
    {
        if (v.Value.Count == 0) return metric.Kind == MetricKind.EpochsTo ? $"never reached (0 of {v.Trials})" : "no value";
        return metric.Kind switch
        {
            MetricKind.EpochsTo => $"{v.Value} epochs ({v.Reached} of {v.Trials} reached it)",
            MetricKind.Fraction => $"{F(100 * v.Value.Mean)}% of {v.Trials} seeds",
            _ => $"{v.Value} over {v.Trials} trials",
        };
    }

    internal static string F(double value) => Math.Abs(value) >= 100 ? value.ToString("0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 1 ? value.ToString("0.0#", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 0.001 || value == 0 ? value.ToString("0.####", CultureInfo.InvariantCulture)
        : value.ToString("G3", CultureInfo.InvariantCulture);   // a regression's loss of 2e-5 read "0"
}
