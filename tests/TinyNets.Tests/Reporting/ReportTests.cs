using System.Text.RegularExpressions;
using Xunit;

namespace TinyNets.Tests.Reporting;

public sealed class ReportTests
{
    private static readonly string SnapshotPath = Path.Combine(AppContext.BaseDirectory, "fixtures", "report-outline.txt");

    /// <summary>
    /// The report's structure: headings, finding titles, summary keys and chart ids, in order, without the numbers
    /// (those differ in the last bits between builds). Compared with the committed snapshot; set
    /// TINYNETS_UPDATE_SNAPSHOTS=1 to rewrite it after an intended change (then copy it from the test output folder).
    /// </summary>
    private static string Outline(string html)
    {
        var items = Regex.Matches(html, "<h1>(.*?)</h1>|<h2>(.*?)</h2>|<h3>(.*?)</h3>|<tr><th>(.*?)</th>|<figure class=\"chart\" id=\"(.*?)\">")
            .Select(m => m.Groups[1].Success ? $"# {m.Groups[1].Value}" : m.Groups[2].Success ? $"## {m.Groups[2].Value}"
                : m.Groups[3].Success ? $"### {Regex.Replace(m.Groups[3].Value, "\\(steps .*\\)", "(steps …)")}"
                : m.Groups[4].Success ? $"- {m.Groups[4].Value}" : $"[chart {m.Groups[5].Value}]");
        return string.Join("\n", items) + "\n";
    }

    [Fact]
    public void A_2d_regression_report_shows_the_prediction_surface_and_predicted_against_true_instead_of_class_charts()
    {
        using var dir = new TempDirectory();
        var result = Cli.CliRunner.Run("train", "--dataset", "plane", "--points", "200", "--hidden", "8", "--epochs", "20", "--restarts", "0",
            "--out", Path.Combine(dir.Path, "plane"), "--quiet");
        Assert.Equal(0, result.ExitCode);
        string html = File.ReadAllText(Path.Combine(dir.Path, "plane", "report.html"));
        foreach (var id in new[] { "prediction-surface", "predicted-vs-actual" }) Assert.Contains($"id=\"{id}\"><svg", html);
        foreach (var id in new[] { "decision-boundary", "confusion-matrix", "boundary-epoch-1", "epoch-accuracy", "learning-rate" })
            Assert.DoesNotContain($"id=\"{id}\"", html);   // no accuracy in a regression, no schedule to draw

        // A schedule's learning rate gets a chart of its own, on a log scale when it falls by decades.
        result = Cli.CliRunner.Run("train", "--dataset", "plane", "--points", "200", "--hidden", "8", "--epochs", "20", "--restarts", "0",
            "--no-early-stopping", "--lr-schedule", "step:5:0.1", "--out", Path.Combine(dir.Path, "scheduled"), "--quiet");
        Assert.Equal(0, result.ExitCode);
        string scheduled = Reporting.SvgText.Figure(File.ReadAllText(Path.Combine(dir.Path, "scheduled", "report.html")), "learning-rate");
        Assert.Single(Reporting.SvgText.Y(scheduled, "learning rate (log)"));
    }

    [Fact]
    public void The_summary_table_says_which_attempt_won_as_the_charts_count_attempts()
    {
        // summary.json counts attempts from 0; the epoch charts' legends and train's output from 1.
        using var dir = new TempDirectory();
        var result = Cli.CliRunner.Run("train", "--dataset", "xor", "--layers", "2,2,1", "--seed", "5", "--restarts", "10", "--target-accuracy", "1",
            "--out", dir.Path, "--quiet");
        Assert.Equal(0, result.ExitCode);
        var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "summary.json"))).RootElement;
        int winner = summary.GetProperty("winning_attempt").GetInt32(), attempts = summary.GetProperty("attempts").GetArrayLength();
        Assert.True(winner > 0, "seed 5 needs a restart");
        Assert.Contains($"attempt {winner + 1} of {attempts} won", result.Out);
        string html = File.ReadAllText(Path.Combine(dir.Path, "report.html"));
        Assert.Contains($"<th>winning_attempt</th><td>{winner} (attempt {winner + 1} of {attempts})</td>", html);
        Assert.Contains($"train (attempt {winner + 1})", html);
    }

    [Fact]
    public void A_spiral_run_report_matches_its_snapshot_and_is_self_contained()
    {
        using var dir = new TempDirectory();
        var result = Cli.CliRunner.Run("train", "--dataset", "spiral", "--points", "300", "--classes", "3", "--hidden", "16,16",
            "--epochs", "80", "--no-early-stopping", "--restarts", "0", "--seed", "3", "--out", Path.Combine(dir.Path, "spiral"), "--quiet");
        Assert.Equal(0, result.ExitCode);
        string html = File.ReadAllText(Path.Combine(dir.Path, "spiral", "report.html"));

        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotMatch("(src|href)=\"https?:", html);
        Assert.Contains("<tr><th>interrupted</th><td>false</td></tr>", html);   // JSON's spelling, not .NET's "False"
        foreach (var id in new[] { "step-loss", "epoch-loss", "gradient-flow", "gradient-norms", "weight-norms", "update-ratios", "unit-health", "activations", "initial-weights", "decision-boundary", "confusion-matrix" })
            Assert.Contains($"id=\"{id}\"><svg", html);

        string outline = Outline(html);
        if (Environment.GetEnvironmentVariable("TINYNETS_UPDATE_SNAPSHOTS") == "1") File.WriteAllText(SnapshotPath, outline);
        Assert.Equal(File.ReadAllText(SnapshotPath), outline);

        // The charts render several at a time: every id in the page is still unique, every reference finds its id,
        // and regenerating the report gives the same bytes.
        var ids = Regex.Matches(html, "\\bid=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        var references = Regex.Matches(html, "url\\(#([^)]+)\\)|href=\"#([^\"]+)\"").Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToArray();
        Assert.NotEmpty(references);
        Assert.Empty(references.Except(ids));

        var regenerated = Cli.CliRunner.Run("report", Path.Combine(dir.Path, "spiral"));
        Assert.Equal(0, regenerated.ExitCode);
        Assert.Equal(html, File.ReadAllText(Path.Combine(dir.Path, "spiral", "report.html")));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "spiral", "charts")));   // only when asked

        // --images: every chart of the page as a PNG and an SVG file, named by its figure id.
        var images = Cli.CliRunner.Run("report", Path.Combine(dir.Path, "spiral"), "--images");
        Assert.Equal(0, images.ExitCode);
        Assert.Equal(html, File.ReadAllText(Path.Combine(dir.Path, "spiral", "report.html")));
        var figures = Regex.Matches(html, "<figure class=\"chart\" id=\"(.*?)\">").Select(m => m.Groups[1].Value).ToArray();
        string charts = Path.Combine(dir.Path, "spiral", "charts");
        Assert.Contains($"wrote {figures.Length} charts as PNG and SVG", images.Out);
        Assert.Equal(figures.SelectMany(f => new[] { f + ".png", f + ".svg" }).Order(StringComparer.Ordinal),
            Directory.GetFiles(charts).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var f in figures)
        {
            var png = File.ReadAllBytes(Path.Combine(charts, f + ".png"));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(charts, f + ".svg")));
        }
    }

    [Fact]
    public void Compare_draws_losses_on_a_log_scale_when_the_runs_span_more_than_two_decades()
    {
        static TinyNets.Reporting.CompareReport.Run Run(string name, Func<int, double> loss) => new(name, name,
            Enumerable.Range(1, 20).Select(e => new Runs.AttemptEpoch(0, new Training.EpochMetrics(e, e * 10L, 0.01, loss(e), null, loss(e), null, null, null))).ToArray(),
            new Dictionary<string, double[]>(), [], []);
        // One run ends at 1e-4, the other near 0.2: on a linear axis the first lay flat on zero.
        string apart = TinyNets.Reporting.CompareReport.Build([Run("a", e => 0.2 / e / e), Run("b", e => 0.2 + 0.01 / e)]);
        string close = TinyNets.Reporting.CompareReport.Build([Run("a", e => 0.3 / e), Run("b", e => 0.2 + 0.01 / e)]);
        foreach (var (id, axis) in new[] { ("train-loss", "training loss"), ("val-loss", "validation loss") })
        {
            Assert.Single(SvgText.Y(SvgText.Figure(apart, id), $"{axis} (log)"));
            Assert.Empty(SvgText.Y(SvgText.Figure(close, id), $"{axis} (log)"));
        }
    }
}
