using ScottPlot;
using TinyNets.Runs;

namespace TinyNets.Reporting.Charts;

/// <summary>The curves of a run: loss per step and per epoch, accuracy, and per-layer series from steps.csv.</summary>
public static class SeriesCharts
{
    /// <summary>
    /// Minibatch loss per step, raw and smoothed (see <see cref="SmoothingFor"/>), on a log scale when it spans more than
    /// two decades: a loss that falls from 0.3 to 1e-5 lies flat on zero after its first tenth on a linear one.
    /// </summary>
    public static Plot StepLoss(IReadOnlyList<double> steps, IReadOnlyList<double> loss)
    {
        bool log = ChartKit.SpansDecades(loss, 2);
        var plot = ChartKit.NewPlot("Loss per step", "step", log ? "minibatch loss (log)" : "minibatch loss");
        int drawn = ChartKit.AddLine(plot, steps, loss, "raw", Colors.LightGray, log);
        double keep = SmoothingFor(loss.Count);
        // On a log scale the average is of the logs (a geometric mean), which follows the raw line there; an average of
        // the values is pulled up by the first, largest ones for as long as the window lasts.
        var smoothed = log ? Smooth(loss.Select(v => v > 0 ? Math.Log10(v) : double.NaN).ToArray(), keep).Select(v => Math.Pow(10, v)).ToArray()
            : Smooth(loss, keep);
        ChartKit.AddLine(plot, steps, smoothed, "smoothed", Colors.Black, log);
        if (drawn == 0) ChartKit.NoData(plot, "no steps recorded");
        else if (log) ChartKit.LogAxis(plot);
        return plot;
    }

    /// <summary>
    /// How much of the moving average a step keeps for a run of <paramref name="steps"/> steps: it averages over about a
    /// fiftieth of the run (1 to 50 steps). A fixed 0.98 (50 steps) lagged a short run's fast fall by hundreds of steps,
    /// drawing the smoothed loss up to a thousand times above the raw values.
    /// </summary>
    public static double SmoothingFor(int steps) => 1 - 1 / Math.Clamp(steps / 50.0, 1, 50);

    /// <summary>Training and validation loss (or accuracy) per epoch, one colour pair per attempt; losses on a log scale
    /// when they span more than two decades.</summary>
    public static Plot Epochs(IReadOnlyList<AttemptEpoch> epochs, bool accuracy)
    {
        bool log = !accuracy && ChartKit.SpansDecades([.. epochs.Select(e => e.Metrics.TrainLoss), .. epochs.Select(e => e.Metrics.ValidationLoss ?? double.NaN)], 2);
        var plot = ChartKit.NewPlot(accuracy ? "Accuracy per epoch" : "Loss per epoch", "epoch", accuracy ? "accuracy" : log ? "loss (log)" : "loss");
        int drawn = 0;
        foreach (var group in epochs.GroupBy(e => e.Attempt))
        {
            var xs = group.Select(e => (double)e.Metrics.Epoch).ToArray();
            string suffix = epochs.Select(e => e.Attempt).Distinct().Count() > 1 ? $" (attempt {group.Key + 1})" : "";
            drawn += ChartKit.AddLine(plot, xs, group.Select(e => accuracy ? e.Metrics.TrainAccuracy ?? double.NaN : e.Metrics.TrainLoss).ToArray(),
                "train" + suffix, ChartKit.LayerColor(2 * group.Key), log);
            drawn += ChartKit.AddLine(plot, xs, group.Select(e => (accuracy ? e.Metrics.ValidationAccuracy : e.Metrics.ValidationLoss) ?? double.NaN).ToArray(),
                "validation" + suffix, ChartKit.LayerColor(2 * group.Key + 1), log, dashed: true);
        }
        if (drawn == 0) ChartKit.NoData(plot, accuracy ? "no accuracy (regression)" : "no epochs");
        else if (log) ChartKit.LogAxis(plot);
        if (accuracy) plot.Legend.Alignment = Alignment.LowerRight;   // accuracy rises to the upper right, where the legend hid it
        return plot;
    }

    /// <summary>The learning rate each epoch trained at (metrics.csv's lr), one line per attempt, on a log scale when a
    /// schedule moved it across more than a decade and never to 0 (a cosine schedule's eta_min of 0, which a log scale
    /// cannot show).</summary>
    public static Plot LearningRate(IReadOnlyList<AttemptEpoch> epochs)
    {
        bool log = ChartKit.SpansDecades(epochs.Select(e => e.Metrics.LearningRate), 1) && epochs.All(e => e.Metrics.LearningRate > 0);
        var plot = ChartKit.NewPlot("Learning rate per epoch", "epoch", log ? "learning rate (log)" : "learning rate");
        int drawn = 0;
        bool several = epochs.Select(e => e.Attempt).Distinct().Count() > 1;
        foreach (var group in epochs.GroupBy(e => e.Attempt))
            drawn += ChartKit.AddLine(plot, group.Select(e => (double)e.Metrics.Epoch).ToArray(), group.Select(e => e.Metrics.LearningRate).ToArray(),
                several ? $"attempt {group.Key + 1}" : "learning rate", ChartKit.LayerColor(2 * group.Key), log);
        if (drawn == 0) ChartKit.NoData(plot, "no epochs");
        else if (log) ChartKit.LogAxis(plot);
        if (!several) plot.HideLegend();
        return plot;
    }

    /// <summary>
    /// One line per parameter tensor of a steps.csv statistic (grad_norm, norm or update_ratio), smoothed, coloured by
    /// layer; biases dashed. Log scale for norms and ratios, which span orders of magnitude.
    /// </summary>
    public static Plot PerLayer(IReadOnlyDictionary<string, double[]> steps, string statistic, string title, string axis, bool log = true)
    {
        var plot = ChartKit.NewPlot(title, "step", axis);
        var xs = steps.TryGetValue("step", out var s) ? s : [];
        var keys = steps.Keys.Where(k => k.EndsWith("." + statistic, StringComparison.Ordinal))
            .Select(k => k[..^(statistic.Length + 1)]).OrderBy(LayerIndex).ThenBy(k => k.EndsWith(".bias") ? 1 : 0).ToArray();
        var layers = keys.Select(LayerIndex).Distinct().ToList();
        int drawn = 0;
        foreach (var key in keys)   // smoothed: raw minibatch values of several tensors overlap into noise
            drawn += ChartKit.AddLine(plot, xs, Smooth(steps[$"{key}.{statistic}"], 0.9), key, ChartKit.LayerColor(layers.IndexOf(LayerIndex(key))), log, key.EndsWith(".bias"));
        if (log) ChartKit.LogAxis(plot);
        if (drawn == 0) ChartKit.NoData(plot, "no steps recorded");
        else plot.ShowLegend(Edge.Right);   // one entry per tensor: inside the plot it covered the curves
        return plot;
    }

    /// <summary>Gradient flow: the mean gradient norm of each layer's weights over the run, one bar per layer (log scale).</summary>
    public static Plot GradientFlow(IReadOnlyDictionary<string, double[]> steps)
    {
        var plot = ChartKit.NewPlot("Gradient flow (mean gradient norm per layer)", "layer", "mean ‖gradient‖ (log)");
        var keys = steps.Keys.Where(k => k.EndsWith(".weight.grad_norm", StringComparison.Ordinal)).OrderBy(LayerIndex).ToArray();
        ChartKit.AddMeanBars(plot, keys.Select((k, i) => ((double)i, (IReadOnlyList<double>)steps[k], ChartKit.LayerColor(i))),
            Enumerable.Range(0, keys.Length).Select(i => (double)i).ToArray(), keys.Select(k => k.Replace(".grad_norm", "")).ToArray(), "no gradients recorded", log: true);
        return plot;
    }

    /// <summary>
    /// Per activation layer (<paramref name="kinds"/>: layer index → kind), the share of its units that are dead (ReLU:
    /// zero for the whole batch) or saturated (sigmoid or tanh in the flat tails) over training, smoothed, in the colour
    /// of the Linear layer it follows. Recorded every few steps; the line joins the recorded ones.
    /// </summary>
    public static Plot UnitHealth(IReadOnlyDictionary<string, double[]> steps, IReadOnlyDictionary<int, string> kinds)
    {
        var plot = ChartKit.NewPlot("Dead and saturated units", "step", "share of the layer's units");
        var xs = steps.TryGetValue("step", out var s) ? s : [];
        int drawn = 0;
        foreach (var (layer, kind) in kinds.OrderBy(k => k.Key))
        {
            string? statistic = UnitStatistic(kind);
            if (statistic is null || !steps.TryGetValue($"{layer}.{statistic}", out var values)) continue;
            drawn += ChartKit.AddLine(plot, xs, Smooth(values, 0.9), $"{layer} {kind}: {(kind == "relu" ? "dead" : "saturated")}",
                ChartKit.LayerColor(LinearBefore(steps, layer)));
        }
        if (drawn == 0) ChartKit.NoData(plot, kinds.Count == 0 ? "no activation layers" : "no ReLU, sigmoid or tanh layer recorded");
        else
        {
            plot.Axes.SetLimitsY(-0.03, 1.03);
            plot.ShowLegend(Edge.Right);
        }
        return plot;
    }

    /// <summary>Per activation layer, the mean (dashed) and standard deviation (solid) of its outputs over training,
    /// smoothed: a signal that shrinks or grows layer by layer shows as lines that fall or rise with depth.</summary>
    public static Plot ActivationSpread(IReadOnlyDictionary<string, double[]> steps, IReadOnlyDictionary<int, string> kinds)
    {
        var plot = ChartKit.NewPlot("Activations per layer: std (solid) and mean (dashed)", "step", "output of the layer");
        var xs = steps.TryGetValue("step", out var s) ? s : [];
        int drawn = 0;
        foreach (var (layer, kind) in kinds.OrderBy(k => k.Key))
        {
            var color = ChartKit.LayerColor(LinearBefore(steps, layer));
            if (steps.TryGetValue($"{layer}.act_std", out var std)) drawn += ChartKit.AddLine(plot, xs, Smooth(std, 0.9), $"{layer} {kind}: std", color);
            if (steps.TryGetValue($"{layer}.act_mean", out var mean)) drawn += ChartKit.AddLine(plot, xs, Smooth(mean, 0.9), $"{layer} {kind}: mean", color, dashed: true);
        }
        if (drawn == 0) ChartKit.NoData(plot, "no activation statistics recorded");
        else plot.ShowLegend(Edge.Right);
        return plot;
    }

    // The colour index of the Linear layer that an activation at model index `layer` follows: its place among the
    // weight tensors, as PerLayer and GradientFlow colour them.
    private static int LinearBefore(IReadOnlyDictionary<string, double[]> steps, int layer) =>
        Math.Max(0, steps.Keys.Where(k => k.EndsWith(".weight.grad_norm", StringComparison.Ordinal)).Select(LayerIndex).Count(i => i < layer) - 1);

    /// <summary>Exponential moving average over the finite values; NaN stays NaN (a gap), a leading run of NaN too.</summary>
    public static double[] Smooth(IReadOnlyList<double> values, double keep)
    {
        var smooth = new double[values.Count];
        double average = double.NaN;
        for (int i = 0; i < values.Count; i++)
        {
            if (double.IsFinite(values[i])) average = double.IsNaN(average) ? values[i] : keep * average + (1 - keep) * values[i];
            smooth[i] = double.IsFinite(values[i]) ? average : double.NaN;
        }
        return smooth;
    }

    /// <summary>The steps.csv statistic of unit health that means something for an activation layer of this kind: dead
    /// units for ReLU, saturated ones for sigmoid and tanh; null for the others.</summary>
    internal static string? UnitStatistic(string kind) => kind switch { "relu" => "dead_fraction", "sigmoid" or "tanh" => "saturated_fraction", _ => null };

    /// <summary>The layer index a steps.csv column starts with (<c>2.weight.grad_norm</c> → 2); int.MaxValue for others.</summary>
    internal static int LayerIndex(string key) => int.TryParse(key.Split('.')[0], out int i) ? i : int.MaxValue;
}
