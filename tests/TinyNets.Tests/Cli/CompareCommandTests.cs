using System.Text.RegularExpressions;
using Xunit;

namespace TinyNets.Tests.Cli;

public sealed class CompareCommandTests
{
    [Fact]
    public void Runs_are_named_by_what_differs_and_overlaid_in_one_page()
    {
        using var dir = new TempDirectory();
        foreach (var (name, init) in new[] { ("xavier", "xavier-uniform"), ("he", "he-uniform") })
            Assert.Equal(0, CliRunner.Run("train", "--dataset", "moons", "--epochs", "15", "--restarts", "0", "--init", init,
                "--out", dir.File(name), "--quiet").ExitCode);
        // A run trained before a rule changed: its findings.json holds a rule today's diagnoses do not make. compare
        // diagnoses each run as it is now (Xavier with ReLU: init-mismatch) and leaves the folder as it was.
        string stale = "[{\"rule\":\"rule-of-an-older-version\",\"severity\":\"warning\",\"first_step\":0,\"last_step\":1,\"layer\":null,\"explanation\":\"x\",\"fix\":\"y\"}]";
        File.WriteAllText(Path.Combine(dir.File("xavier"), "findings.json"), stale);
        var result = CliRunner.Run("compare", dir.File("xavier"), dir.File("he"), "--out", dir.File("compare.html"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("init=xavier-uniform; init=he-uniform", result.Out);
        string html = File.ReadAllText(dir.File("compare.html"));
        Assert.DoesNotContain("rule-of-an-older-version", html);
        Assert.Contains("init-mismatch", html);
        Assert.Equal(stale, File.ReadAllText(Path.Combine(dir.File("xavier"), "findings.json")));
        foreach (var id in new[] { "val-loss", "train-loss", "val-accuracy", "first-layer-gradients", "gradient-flow", "activation-spread",
                     "weight-norms", "unit-health", "boundary-1", "boundary-2", "gradient-norms-1", "gradient-norms-2" })
            Assert.Contains($"<figure id=\"{id}\"><svg", html);
        // Each run's decision boundary, titled by its name in its colour; the dead-unit bars for the ReLU layer only.
        Assert.Single(Reporting.SvgText.Y(Reporting.SvgText.Figure(html, "boundary-2"), "init=he-uniform"));
        // Each run's per-layer gradient norms on one scale: the same tick labels in both charts.
        static string[] Ticks(string svg) => System.Text.RegularExpressions.Regex.Matches(svg, "<text[^>]*translate\\(([-0-9.]+) [^>]*>\\s*([^<]+?)\\s*</text>")
            .Where(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < 60).Select(m => m.Groups[2].Value).ToArray();
        Assert.Equal(Ticks(Reporting.SvgText.Figure(html, "gradient-norms-1")), Ticks(Reporting.SvgText.Figure(html, "gradient-norms-2")));
        string units = Reporting.SvgText.Figure(html, "unit-health");
        Assert.Single(Reporting.SvgText.Y(units, "layer 1 dead"));
        Assert.Empty(Reporting.SvgText.Y(units, "layer 1 saturated"));
        Assert.DoesNotContain("<script", html);
        // The legends name runs, too long to sit inside a plot without covering its curves: they sit below it.
        foreach (var (id, axis) in new[] { ("val-loss", "epoch"), ("train-loss", "epoch"), ("val-accuracy", "epoch"), ("first-layer-gradients", "step"),
                     ("gradient-flow", "layer"), ("activation-spread", "layer"), ("weight-norms", "layer"), ("unit-health", "layer") })   // the bars had no names
            Reporting.SvgText.AssertBelow(Reporting.SvgText.Figure(html, id), axis, ["init=xavier-uniform", "init=he-uniform"]);
        Assert.False(Directory.Exists(dir.File("compare-charts")));
        var images = CliRunner.Run("compare", dir.File("xavier"), dir.File("he"), "--out", dir.File("compare.html"), "--images");
        Assert.Equal(0, images.ExitCode);
        Assert.Equal(html, File.ReadAllText(dir.File("compare.html")));
        Assert.Contains("wrote 12 charts as PNG and SVG", images.Out);
        Assert.True(File.Exists(Path.Combine(dir.File("compare-charts"), "gradient-flow.png")));
        Assert.True(File.Exists(Path.Combine(dir.File("compare-charts"), "val-loss.svg")));

        var one = CliRunner.Run("compare", dir.File("he"));
        Assert.Equal(2, one.ExitCode);
        Assert.Contains("at least two run folders", one.Error);
    }

    [Fact]
    public void A_comment_beside_a_config_value_is_not_part_of_the_run_name()
    {
        // config.yaml says what a null weight decay or epsilon stood for in a comment, which differs by optimizer.
        using var dir = new TempDirectory();
        // --no-record changes what a run writes, not how it trains: not part of its name.
        foreach (var (name, optimizer, lr, record) in new[] { ("sgd", "sgd", "0.1", "--no-record"), ("adam", "adam", "0.01", "--quiet") })
            Assert.Equal(0, CliRunner.Run("train", "--dataset", "moons", "--epochs", "3", "--restarts", "0", "--optimizer", optimizer,
                "--lr", lr, "--out", dir.File(name), "--quiet", record).ExitCode);
        Assert.Contains("# adam's default", File.ReadAllText(Path.Combine(dir.File("adam"), "config.yaml")));
        var result = CliRunner.Run("compare", dir.File("sgd"), dir.File("adam"), "--out", dir.File("compare.html"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("optimizer=sgd, lr=0.1; optimizer=adam, lr=0.01", result.Out);
        Assert.DoesNotContain("id=\"gradient-norms-1\"", File.ReadAllText(dir.File("compare.html")));   // sgd's run recorded no steps
        Assert.Contains("id=\"gradient-norms-2\"", File.ReadAllText(dir.File("compare.html")));
        // The results table: a row per run with summary.json's final figures and what the diagnoses found.
        string html = File.ReadAllText(dir.File("compare.html"));
        Assert.Contains("<th>test accuracy</th>", html);
        foreach (var run in new[] { "sgd", "adam" })
        {
            string accuracy = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.File(run), "summary.json")))
                .RootElement.GetProperty("test_accuracy").GetDouble().ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Matches($"<tr><td><span[^>]*></span>optimizer={run}, .*?<td class=\"n\">{Regex.Escape(accuracy)}</td>", html);
        }

        Directory.CreateDirectory(dir.File("empty"));
        var notRun = CliRunner.Run("compare", dir.File("sgd"), dir.File("empty"), "--out", dir.File("other.html"));
        Assert.Equal(2, notRun.ExitCode);
        Assert.Contains("config.yaml: no such file (is ", notRun.Error);
        Assert.False(File.Exists(dir.File("other.html")));
    }
}
