using TinyNets.Data.Csv;
using TinyNets.Data.Generators;
using TinyNets.Randomness;
using Xunit;

namespace TinyNets.Tests.Cli;

public sealed class DataCommandTests
{
    [Fact]
    public void Writes_the_generated_set_as_csv_that_loads_back_identically()
    {
        using var dir = new TempDirectory();
        string path = dir.File("spiral.csv");
        var result = CliRunner.Run("data", "spiral", "--points", "300", "--classes", "3", "--noise", "0.1", "--seed", "9", "--out", path);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("300 rows, 2 features, 3 classes (100, 100, 100 rows)", result.Out);
        var expected = DatasetCatalog.Generate("spiral", new GeneratorRequest(300, 3, 0.1), new RunSeed(9));
        var loaded = CsvLoader.Load(path).Data;
        Assert.Equal(expected.Features, loaded.Features);
        Assert.Equal(expected.Targets, loaded.Targets);
        Assert.Equal("x1,x2,label", File.ReadLines(path).First());
        Assert.Contains("20 rows, 2 features, 1 class (20 rows)", CliRunner.Run("data", "spiral", "--points", "20", "--classes", "1", "--out", path).Out);
    }

    [Fact]
    public void A_generated_csv_trains_exactly_as_the_built_in_data_set_with_the_same_seed()
    {
        using var dir = new TempDirectory();
        string csv = dir.File("circles.csv");
        Assert.Equal(0, CliRunner.Run("data", "circles", "--points", "240", "--seed", "4", "--out", csv).ExitCode);
        string[] training = ["--epochs", "20", "--hidden", "8", "--restarts", "1", "--patience", "5", "--seed", "4", "--quiet"];
        Assert.Equal(0, CliRunner.Run(["train", "--dataset", "circles", "--points", "240", .. training, "--out", dir.File("built-in")]).ExitCode);
        Assert.Equal(0, CliRunner.Run(["train", "--data", csv, .. training, "--out", dir.File("from-csv")]).ExitCode);
        Assert.Equal(File.ReadAllBytes(dir.File("built-in/model.safetensors")), File.ReadAllBytes(dir.File("from-csv/model.safetensors")));
        Assert.Equal(File.ReadAllText(dir.File("built-in/metrics.csv")), File.ReadAllText(dir.File("from-csv/metrics.csv")));
    }

    [Theory]
    [InlineData("png")]
    [InlineData("svg")]
    public void Plot_draws_the_data_set(string format)
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run("data", "moons", "--noise", "0.1", "--plot", dir.File($"moons.{format}"));
        Assert.Equal(0, result.ExitCode);
        var bytes = File.ReadAllBytes(dir.File($"moons.{format}"));
        if (format == "png") Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        else Assert.Contains("<svg", System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Contains("--plot must name a .png or .svg file", CliRunner.Run("data", "moons", "--plot", dir.File("m.jpg")).Error);
    }

    [Theory]
    [InlineData(new[] { "data", "mnist", "--out", "x.csv" }, "unknown dataset 'mnist'")]
    [InlineData(new[] { "data", "xor" }, "--out FILE.csv is required")]
    [InlineData(new[] { "data", "moons", "--classes", "4", "--out", "x.csv" }, "moons always has 2 classes")]
    [InlineData(new[] { "data", "xor", "--noise", "-1", "--out", "x.csv" }, "noise must be >= 0, got -1")]
    public void Mistakes_exit_2_and_write_nothing(string[] args, string message)
    {
        using var dir = new TempDirectory();
        var rooted = args.Select(a => a == "x.csv" ? dir.File("x.csv") : a).ToArray();
        var result = CliRunner.Run(rooted);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
