using TinyNets.Runs;
using Xunit;

namespace TinyNets.Tests.Studies;

public sealed class TrialFolderTests
{
    [Fact]
    public void Binary_steps_read_back_exactly_as_steps_csv_does()
    {
        using var dir = new TempDirectory();
        var result = new TrainingRun(new RunConfig { Dataset = "gaussians", Classes = 3, Points = 200, Hidden = [6, 4], Epochs = 5, Restarts = 1, Patience = 2 }).Execute();
        string text = Path.Combine(dir.Path, "text"), binary = Path.Combine(dir.Path, "binary");
        RunFolder.Write(text, result, "dataset: gaussians\n");
        RunFolder.Write(binary, result, "dataset: gaussians\n", durable: false, binarySteps: true);
        Assert.False(File.Exists(Path.Combine(binary, "steps.csv")));
        Assert.True(File.Exists(Path.Combine(binary, RunFolder.BinaryStepsFile)));

        var fromCsv = RunFolderReader.Steps(text);
        var fromBinary = RunFolderReader.Steps(binary);
        Assert.True(fromCsv.Count > 10);
        Assert.Equal(fromCsv.Keys.Order(), fromBinary.Keys.Order());
        foreach (var (column, values) in fromCsv)
            // The same float32 values (the CSV's shortest round-trip text parses to the double nearest it, not the float's
            // exact double). NaN equals NaN here: unrecorded values stay unrecorded.
            Assert.Equal(values.Select(v => (float)v), fromBinary[column].Select(v => (float)v));
        Assert.Equal(RunFolderReader.Steps(text, 1)["loss"].Select(v => (float)v), RunFolderReader.Steps(binary, 1)["loss"].Select(v => (float)v));
    }
}
