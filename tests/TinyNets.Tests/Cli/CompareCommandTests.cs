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
        var result = CliRunner.Run("compare", dir.File("xavier"), dir.File("he"), "--out", dir.File("compare.html"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("init=xavier-uniform; init=he-uniform", result.Out);
        string html = File.ReadAllText(dir.File("compare.html"));
        foreach (var id in new[] { "val-loss", "train-loss", "val-accuracy", "first-layer-gradients", "gradient-flow" })
            Assert.Contains($"<figure id=\"{id}\"><svg", html);
        Assert.DoesNotContain("<script", html);

        var one = CliRunner.Run("compare", dir.File("he"));
        Assert.Equal(2, one.ExitCode);
        Assert.Contains("at least two run folders", one.Error);
    }
}
