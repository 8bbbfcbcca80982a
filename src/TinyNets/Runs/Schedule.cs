using System.Globalization;
using TinyNets.Optimizers;
using TinyNets.Schedules;

namespace TinyNets.Runs;

/// <summary>
/// The <c>--lr-schedule</c> text: <c>none</c>, <c>step:SIZE[:GAMMA]</c>, <c>exponential:GAMMA</c>,
/// <c>cosine:T_MAX[:ETA_MIN]</c> or <c>plateau[:FACTOR[:PATIENCE]]</c> (plateau watches the validation loss).
/// </summary>
public static class Schedule
{
    public static Func<Optimizer, LearningRateSchedule?> Parse(string text)
    {
        var parts = text.Split(':', StringSplitOptions.TrimEntries);
        double Arg(int i, double fallback) => i < parts.Length
            ? double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                : throw new TinyNetsException($"--lr-schedule '{text}': '{parts[i]}' is not a number")
            : fallback;
        int Whole(int i, int fallback)
        {
            double v = Arg(i, fallback);
            return v == Math.Round(v) && v > 0 ? (int)v : throw new TinyNetsException($"--lr-schedule '{text}': '{parts[i]}' must be a whole number > 0");
        }
        int maxParts = parts[0] switch { "none" => 1, "exponential" => 2, "step" or "cosine" or "plateau" => 3, _ => 0 };
        if (maxParts == 0) throw new TinyNetsException($"unknown --lr-schedule '{text}'; expected none, step:SIZE[:GAMMA], exponential:GAMMA, cosine:T_MAX[:ETA_MIN] or plateau[:FACTOR[:PATIENCE]]");
        if (parts.Length > maxParts) throw new TinyNetsException($"--lr-schedule '{text}' has too many parts");
        switch (parts[0])
        {
            case "none": return _ => null;
            case "step":
                if (parts.Length < 2) throw new TinyNetsException("--lr-schedule step needs a step size, as in step:30 or step:30:0.1");
                int size = Whole(1, 1);
                double gamma = Arg(2, 0.1);
                _ = new StepLr(new Sgd([], new SgdOptions()), size, gamma);   // validates now, not mid-run
                return o => new StepLr(o, size, gamma);
            case "exponential":
                if (parts.Length < 2) throw new TinyNetsException("--lr-schedule exponential needs a factor, as in exponential:0.95");
                double g = Arg(1, 0.95);
                _ = new ExponentialLr(new Sgd([], new SgdOptions()), g);
                return o => new ExponentialLr(o, g);
            case "cosine":
                if (parts.Length < 2) throw new TinyNetsException("--lr-schedule cosine needs T_max, as in cosine:100");
                int tMax = Whole(1, 1);
                double etaMin = Arg(2, 0);
                _ = new CosineAnnealingLr(new Sgd([], new SgdOptions()), tMax, etaMin);
                return o => new CosineAnnealingLr(o, tMax, etaMin);
            default:
                var options = new ReduceLrOnPlateauOptions { Factor = Arg(1, 0.1), Patience = parts.Length > 2 ? Whole(2, 10) : 10 };
                return o => new ReduceLrOnPlateau(o, options);
        }
    }
}
