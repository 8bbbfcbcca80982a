using TinyNets.Data;
using TinyNets.Models;
using TinyNets.Reporting;
using TinyNets.Reporting.Charts;
using TinyNets.Runs;
using TinyNets.Training;
using Xunit;

namespace TinyNets.Tests.Reporting;

/// <summary>Every chart renders, to SVG, on empty, one-point and NaN-containing series.</summary>
public sealed class ChartTests
{
    public static IEnumerable<object[]> Series =>
    [
        ["empty", Array.Empty<double>()],
        ["one point", new[] { 0.5 }],
        ["with NaN and infinity", new[] { 0.5, double.NaN, 0.25, double.PositiveInfinity, 0.125, -1 }],
        ["all NaN", new[] { double.NaN, double.NaN }],
    ];

    private static void Renders(ScottPlot.Plot plot)
    {
        string svg = ChartKit.Svg(plot);
        Assert.Contains("<svg", svg);
    }

    [Theory]
    [MemberData(nameof(Series))]
    public void Step_loss_and_per_layer_charts(string what, double[] values)
    {
        var steps = Enumerable.Range(0, values.Length).Select(i => (double)i).ToArray();
        Renders(SeriesCharts.StepLoss(steps, values));
        var columns = new Dictionary<string, double[]>
        {
            ["step"] = steps, ["0.weight.grad_norm"] = values, ["0.bias.grad_norm"] = values, ["2.weight.grad_norm"] = values,
            ["0.weight.norm"] = values, ["0.weight.update_ratio"] = values,
        };
        Renders(SeriesCharts.PerLayer(columns, "grad_norm", "Gradient norm", "norm"));
        Renders(SeriesCharts.PerLayer(columns, "update_ratio", "Update ratio", "ratio"));
        Renders(SeriesCharts.GradientFlow(columns));
        var shares = ChartKit.NewPlot("shares", "layer", "share");
        ChartKit.AddMeanBars(shares, [(0.0, values, ChartKit.LayerColor(0)), (1.0, values.Select(_ => 0.0).ToArray(), ChartKit.LayerColor(1))], [0.5], ["layer 1"], "none");
        Renders(shares);
        var activations = new Dictionary<string, double[]>(columns)
        {
            ["1.dead_fraction"] = values, ["1.act_mean"] = values, ["1.act_std"] = values, ["3.saturated_fraction"] = values,
        };
        Renders(SeriesCharts.UnitHealth(activations, new Dictionary<int, string> { [1] = "relu", [3] = "sigmoid" }));
        Renders(SeriesCharts.UnitHealth(activations, new Dictionary<int, string>()));
        Renders(SeriesCharts.ActivationSpread(activations, new Dictionary<int, string> { [1] = "relu", [3] = "sigmoid" }));
        Renders(ModelCharts.InitialWeights([("0.weight", values.Select(v => (float)v).ToArray())]));
        Assert.NotNull(what);
    }

    [Fact]
    public void A_loss_spanning_decades_is_drawn_on_a_log_scale_and_smoothed_over_a_fiftieth_of_the_run()
    {
        // A regression's loss: 0.3 falling to 1e-5 within 30 of 800 steps, then flat.
        var steps = Enumerable.Range(0, 800).Select(i => (double)i).ToArray();
        var loss = steps.Select(i => Math.Max(1e-5, 0.3 * Math.Pow(10, -i / 6.0))).ToArray();
        var chart = SeriesCharts.StepLoss(steps, loss);
        Assert.EndsWith("(log)", chart.Axes.Left.Label.Text);
        // Averaged as logs on a log scale: ten steps after the fall the line is near the raw 1e-5, where an average of the
        // values still stood at 1e-2.
        var line = chart.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single(p => p.LegendText == "smoothed").Data.GetScatterPoints();
        Assert.InRange(Math.Pow(10, line.Single(c => c.X == 40).Y), 1e-5, 1e-4);
        double smoothed = SeriesCharts.Smooth(loss, SeriesCharts.SmoothingFor(loss.Length))[200];
        Assert.InRange(smoothed, 1e-5, 2e-5);   // a fixed 0.98 gave 1e-2 here, a thousand times the loss
        Assert.Equal(0, SeriesCharts.SmoothingFor(10));   // a few steps: not smoothed
        Assert.Equal(0.98, SeriesCharts.SmoothingFor(100_000), 12);

        var epochs = loss.Take(40).Select((v, i) => new AttemptEpoch(0, new EpochMetrics(i + 1, i, 0.01, v, null, v, null, null, null))).ToArray();
        Assert.EndsWith("(log)", SeriesCharts.Epochs(epochs, accuracy: false).Axes.Left.Label.Text);
        var accuracy = SeriesCharts.Epochs(epochs, accuracy: true);
        Assert.Equal("accuracy", accuracy.Axes.Left.Label.Text);
        Assert.Equal(ScottPlot.Alignment.LowerRight, accuracy.Legend.Alignment);   // curves rise to the upper right
        Assert.Equal(ScottPlot.Alignment.UpperRight, SeriesCharts.Epochs(epochs, accuracy: false).Legend.Alignment);   // and losses fall from the upper left
        // A classifier's loss from 1.1 to 0.05: a linear scale shows it well.
        var narrow = steps.Select(i => 0.05 + 1.05 * Math.Exp(-i / 100)).ToArray();
        Assert.Equal("minibatch loss", SeriesCharts.StepLoss(steps, narrow).Axes.Left.Label.Text);
    }

    [Fact]
    public void A_learning_rate_falling_by_decades_is_drawn_on_a_log_scale_unless_it_reaches_zero()
    {
        AttemptEpoch[] Rates(params double[] lrs) => lrs.Select((lr, i) => new AttemptEpoch(0, new EpochMetrics(i + 1, i, lr, 1, null, null, null, null, null))).ToArray();
        Assert.Equal("learning rate (log)", SeriesCharts.LearningRate(Rates(0.1, 0.01, 0.001)).Axes.Left.Label.Text);   // step:1:0.1
        Assert.Equal("learning rate", SeriesCharts.LearningRate(Rates(0.1, 0.05, 1e-6, 0, 0.05)).Axes.Left.Label.Text);   // cosine to 0
        Assert.Equal("learning rate", SeriesCharts.LearningRate(Rates(0.1, 0.05, 0.025)).Axes.Left.Label.Text);
    }

    [Fact]
    public void Epoch_and_step_axes_tick_whole_numbers_only()
    {
        var epochs = new[] { 1, 2 }.Select(e => new AttemptEpoch(0, new EpochMetrics(e, e, 0.01, 1.0 / e, null, null, null, null, null))).ToArray();
        foreach (var plot in new[] { SeriesCharts.Epochs(epochs, accuracy: false), SeriesCharts.StepLoss([0.0, 1.0, 2.0], [1.0, 0.5, 0.25]) })
        {
            ChartKit.Svg(plot);
            var labels = plot.Axes.Bottom.TickGenerator.Ticks.Select(t => t.Label).Where(l => l.Length > 0).ToArray();
            Assert.NotEmpty(labels);
            Assert.All(labels, l => Assert.DoesNotContain(".", l));
        }
    }

    [Fact]
    public void Boundary_points_are_drawn_without_a_path_per_point()
    {
        // ScottPlot draws a cross (the test points' marker until now) through a fresh SKPath per point, which SkiaSharp
        // 3.119 can free while drawing it: a study report with 18 boundaries crashed about one run in thirty (SIGSEGV).
        var model = new ModelSpec([2, 4, 3], "relu", "none").Build();
        Initializers.WeightInit.Apply(model, "default", new Randomness.RandomStream(1));
        var data = new Dataset([0, 0, 1, 1, 2, 0.5f], [0, 1, 2], 2, 1, 3);
        var plot = ModelCharts.DecisionBoundary(model, "none", data, data, ["a", "b", "c"]);
        var shapes = plot.GetPlottables().OfType<ScottPlot.Plottables.Markers>().Select(m => m.MarkerStyle.Shape).Distinct().ToArray();
        Assert.Equal([ScottPlot.MarkerShape.FilledCircle, ScottPlot.MarkerShape.OpenSquare], shapes.Order());
    }

    [Fact]
    public void Grouped_bars_keep_every_group_label_inside_the_axis()
    {
        // Three runs per layer; the last layer has a bar for the first run only (the others have fewer layers).
        var plot = ChartKit.NewPlot("bars", "layer", "mean");
        double[] some = [0.5, 0.25];
        ChartKit.AddMeanBars(plot, [(0.0, some, ChartKit.LayerColor(0)), (1.0, some, ChartKit.LayerColor(1)), (4.0, some, ChartKit.LayerColor(0)),
            (8.0, some, ChartKit.LayerColor(0))], [1.0, 5.0, 9.0], ["layer 1", "layer 3", "layer 5"], "none", log: true);
        ChartKit.Svg(plot);
        var limits = plot.Axes.GetLimits();
        Assert.True(limits.Left < -0.5 && limits.Right > 9.5, $"{limits.Left} to {limits.Right}");
    }

    [Fact]
    public void The_first_five_class_colours_are_far_apart_and_none_is_grey()
    {
        var colours = Enumerable.Range(0, 5).Select(ChartKit.ClassColor).ToArray();
        for (int i = 0; i < colours.Length; i++)
        {
            var c = colours[i];
            Assert.True(Math.Max(c.R, Math.Max(c.G, c.B)) - Math.Min(c.R, Math.Min(c.G, c.B)) > 60, $"class {i} is greyish");
            for (int j = 0; j < i; j++)
            {
                var d = colours[j];
                double distance = Math.Sqrt(Math.Pow(c.R - d.R, 2) + Math.Pow(c.G - d.G, 2) + Math.Pow(c.B - d.B, 2));
                Assert.True(distance > 100, $"classes {j} and {i} are alike ({distance:F0})");
            }
        }
    }

    [Fact]
    public void Unit_health_shows_dead_ReLU_units_and_saturated_sigmoid_and_tanh_units_each_in_its_Linear_layers_colour()
    {
        double[] steps = [0, 10, 20], some = [0.1, 0.2, 0.3];
        var columns = new Dictionary<string, double[]>
        {
            ["step"] = steps, ["0.weight.grad_norm"] = some, ["2.weight.grad_norm"] = some, ["4.weight.grad_norm"] = some,
            ["1.dead_fraction"] = some, ["1.saturated_fraction"] = some, ["3.dead_fraction"] = some, ["3.saturated_fraction"] = some,
            ["5.dead_fraction"] = some, ["5.saturated_fraction"] = some,
        };
        string svg = ChartKit.Svg(SeriesCharts.UnitHealth(columns, new Dictionary<int, string> { [1] = "relu", [3] = "tanh", [5] = "softmax" }));
        Assert.Contains("1 relu: dead", svg);
        Assert.Contains("3 tanh: saturated", svg);
        Assert.DoesNotContain("relu: saturated", svg);
        Assert.DoesNotContain("softmax", svg);
        // Layer 3 follows 2.weight, the second Linear layer: the second colour, as in the per-tensor charts.
        Assert.Matches($"3 tanh: saturated\\s*</text>\\s*<path fill=\"none\" stroke=\"{ChartKit.LayerColor(1).ToHex()}\"", svg);
    }

    [Theory]
    [MemberData(nameof(Series))]
    public void Epoch_charts(string what, double[] values)
    {
        var epochs = values.Select((v, i) => new AttemptEpoch(0, new EpochMetrics(i + 1, i, 0.01, v, v, v, double.NaN, null, null))).ToArray();
        Renders(SeriesCharts.Epochs(epochs, accuracy: false));
        Renders(SeriesCharts.Epochs(epochs, accuracy: true));
        var rates = values.Select((v, i) => new AttemptEpoch(i % 2, new EpochMetrics(i + 1, i, v, v, null, null, null, null, null))).ToArray();
        Renders(SeriesCharts.LearningRate(rates));
        Assert.NotNull(what);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public void A_legend_below_the_plot_makes_the_figure_taller_by_its_height_and_leaves_the_data_area_as_it_was(int entries)
    {
        ScottPlot.Plot Chart(bool below)
        {
            var plot = ChartKit.NewPlot("runs", "epoch", "loss");
            for (int k = 0; k < entries; k++)
                ChartKit.AddLine(plot, [0.0, 1.0, 2.0], [1.0, 0.5 + k, 0.25], $"init=he-normal, optimizer=sgd, lr=0.{k}", ChartKit.LayerColor(k));
            if (below) ChartKit.LegendBelow(plot);
            return plot;
        }
        var inside = Chart(below: false);
        Assert.Equal(ChartKit.Height, ChartKit.FigureHeight(inside, ChartKit.Height));
        inside.GetSvgXml(ChartKit.Width, ChartKit.Height);
        var below = Chart(below: true);
        int height = ChartKit.FigureHeight(below, ChartKit.Height);
        Assert.True(height > ChartKit.Height);
        below.GetSvgXml(ChartKit.Width, height);
        double expected = inside.RenderManager.LastRender.DataRect.Height, got = below.RenderManager.LastRender.DataRect.Height;
        Assert.InRange(got, expected - 4, expected + 4);
    }

    [Fact]
    public void A_legend_below_with_no_entries_is_not_shown()
    {
        // A legend panel with nothing in it left the whole chart blank, the note included.
        var plot = ChartKit.NewPlot("runs", "epoch", "loss");
        ChartKit.NoData(plot, "not recorded");
        ChartKit.LegendBelow(plot);
        Assert.Equal(ChartKit.Height, ChartKit.FigureHeight(plot, ChartKit.Height));
        Assert.Contains("not recorded", ChartKit.Svg(plot));
    }

    [Fact]
    public void Model_charts_render_for_every_kind_of_data()
    {
        var model = new ModelSpec([2, 4, 3], "relu", "none").Build();
        Initializers.WeightInit.Apply(model, "default", new Randomness.RandomStream(1));
        var data = new Dataset([0, 0, 1, 1, 2, 0.5f], [0, 1, 2], 2, 1, 3);
        Renders(ModelCharts.DecisionBoundary(model, "none", data, data, ["a", "b", "c"]));
        Renders(ModelCharts.ConfusionMatrix(model, "none", data, ["a", "b", "c"], "test"));
        var empty = new Dataset([], [], 2, 1, 3);
        Renders(ModelCharts.DecisionBoundary(model, "none", empty, null, []));
        Renders(ModelCharts.ConfusionMatrix(model, "none", empty, [], "test"));
        var regression = new Dataset([0, 0, 1, 1], [0.5f, 0.2f], 2, 1);
        Renders(ModelCharts.DecisionBoundary(model, "none", regression, null, []));
        Renders(ModelCharts.ConfusionMatrix(model, "none", regression, [], "test"));
        var threeD = new ModelSpec([3, 4, 2], "relu", "none").Build();
        Renders(ModelCharts.DecisionBoundary(threeD, "none", new Dataset([0, 0, 0], [1], 3, 1, 2), null, ["x", "y"]));

        var regressor = new ModelSpec([2, 4, 1], "relu", "none").Build();
        Initializers.WeightInit.Apply(regressor, "default", new Randomness.RandomStream(1));
        Renders(ModelCharts.PredictionSurface(regressor, regression, regression));
        Renders(ModelCharts.PredictedVsActual(regressor, regression, "test"));
        var oneRow = new Dataset([0.5f, 0.5f], [1f], 2, 1);
        Renders(ModelCharts.PredictionSurface(regressor, oneRow, null));
        Renders(ModelCharts.PredictedVsActual(regressor, oneRow, "test"));
        var withNaN = new Dataset([0, 0, 1, 1], [float.NaN, 0.2f], 2, 1);
        Renders(ModelCharts.PredictionSurface(regressor, withNaN, null));
        Renders(ModelCharts.PredictedVsActual(regressor, withNaN, "test"));
        Renders(ModelCharts.PredictionSurface(regressor, new Dataset([], [], 2, 1), null));
        Renders(ModelCharts.PredictedVsActual(regressor, new Dataset([], [], 2, 1), "test"));
        Renders(ModelCharts.PredictionSurface(model, data, null));   // classes: not a surface
        Renders(ModelCharts.PredictedVsActual(model, data, "test"));
        var twoOutputs = new ModelSpec([2, 4, 2], "relu", "none").Build();
        Renders(ModelCharts.PredictedVsActual(twoOutputs, new Dataset([0, 0, 1, 1], [0.5f, 1, 0.2f, 2], 2, 2), "test"));

        Renders(NetworkCharts.Diagram(model, ["x1", "x2"]));
        Renders(NetworkCharts.Diagram(new ModelSpec([64, 64, 64, 64, 64, 64, 64, 10], "relu", "none").Build(), []));   // 8 layers of 64, all zero
        var maps = Assert.Single(NetworkCharts.ActivationMaps(model, data));
        Assert.Equal((1, "relu", 4, 4), (maps.Layer, maps.Kind, maps.Units, maps.Maps.Count));   // the 4 ReLU units of layer 1
        foreach (var plot in maps.Maps) Renders(plot);
        var wide = NetworkCharts.ActivationMaps(new ModelSpec([2, 40, 3, 1], "tanh", "none").Build(), data);
        Assert.Equal([(1, 40, NetworkCharts.ShownUnits), (3, 3, 3)], wide.Select(m => (m.Layer, m.Units, m.Maps.Count)));
        Assert.Empty(NetworkCharts.ActivationMaps(threeD, new Dataset([0, 0, 0], [1], 3, 1, 2)));
        Renders(NetworkCharts.Dataset(data, "blobs"));
        Renders(NetworkCharts.Dataset(regression, "plane"));
        Renders(NetworkCharts.Dataset(empty, "nothing"));
    }
}
