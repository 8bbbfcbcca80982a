using System.Globalization;
using Xunit;

namespace TinyNets.Tests.Cli;

public sealed class TrainCommandTests
{
    [Fact]
    public void Xor_run_prints_the_loss_every_100_epochs_and_ends_below_001()
    {
        var result = CliRunner.Run("train", "--dataset", "xor");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        var lossLines = result.Out.Split('\n').Where(l => l.StartsWith("epoch")).ToArray();
        Assert.Equal(10, lossLines.Length);
        Assert.StartsWith("epoch    100", lossLines[0]);
        double final = double.Parse(lossLines[^1].Split("loss")[1], CultureInfo.InvariantCulture);
        Assert.True(final < 0.01, $"final XOR loss {final}");
        Assert.Contains("Linear(2, 4) ReLU Linear(4, 1) Sigmoid", result.Out);
    }

    [Fact]
    public void Out_saves_a_model_folder_that_loads_back_with_the_same_predictions()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run("train", "--epochs", "200", "--out", dir.Path);
        Assert.Equal(0, result.ExitCode);
        var (spec, model) = Serialization.ModelFile.Load(dir.Path);
        Assert.Equal([2, 4, 1], spec.Sizes);
        var predictions = model.Predict([0, 0, 0, 1, 1, 0, 1, 1], 4);
        foreach (var p in predictions)
            Assert.Contains($"-> {p.ToString("R", CultureInfo.InvariantCulture)} ", result.Out);
        Assert.Equal(["model.json", "model.safetensors"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Same_seed_same_output()
    {
        Assert.Equal(CliRunner.Run("train", "--seed", "3", "--epochs", "50").Out, CliRunner.Run("train", "--seed", "3", "--epochs", "50").Out);
        Assert.NotEqual(CliRunner.Run("train", "--seed", "3", "--epochs", "50").Out, CliRunner.Run("train", "--seed", "4", "--epochs", "50").Out);
    }

    [Theory]
    [InlineData(new[] { "train", "--dataset", "mnist" }, "unknown dataset 'mnist'; expected xor")]
    [InlineData(new[] { "train", "--lr", "-0.1" }, "--lr must be > 0, got -0.1")]
    [InlineData(new[] { "train", "--epochs", "many" }, "many")]
    [InlineData(new[] { "train", "--no-such-flag" }, "no-such-flag")]
    [InlineData(new[] { "fly" }, "fly")]
    public void User_mistakes_are_one_line_and_exit_2(string[] args, string expected)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("tinynets: error: ", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }
}
