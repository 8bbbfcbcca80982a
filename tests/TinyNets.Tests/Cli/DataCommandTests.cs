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
