using System.Text.Json;
using TinyNets.Serialization;
using Xunit;

namespace TinyNets.Tests.Cli;

/// <summary>
/// With --no-shuffle, --split 1,0,0, --no-standardize, --init-weights and --no-early-stopping, a whole `train` run
/// ends where a plain PyTorch loop over the same CSV ends (fixtures/run, made by tests/fixtures/generate_golden.py).
/// </summary>
public sealed class PyTorchReproductionTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "fixtures", "run");

    public static IEnumerable<object[]> Runs =>
    [
        ["ce-adam", new[] { "--optimizer", "adam", "--lr", "0.01" }],
        ["softmax-mse-sgd", new[] { "--optimizer", "sgd", "--lr", "0.1", "--momentum", "0.9", "--nesterov" }],
    ];

    [Theory]
    [MemberData(nameof(Runs))]
    public void Train_matches_pytorch_step_for_step(string name, string[] optimizer)
    {
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "expected.json"))).RootElement
            .GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);
        using var dir = new TempDirectory();
        var result = CliRunner.Run([
            "train", "--data", Path.Combine(Fixtures, "run.csv"), "--label", "shape",
            "--layers", string.Join(",", expected.GetProperty("sizes").EnumerateArray().Select(e => e.GetInt32())),
            "--activation", expected.GetProperty("activation").GetString()!, "--output", expected.GetProperty("output").GetString()!,
            "--loss", expected.GetProperty("loss").GetString()!, .. optimizer,
            "--batch-size", "8", "--epochs", expected.GetProperty("epochs").GetInt32().ToString(),
            "--no-shuffle", "--split", "1,0,0", "--no-standardize", "--no-early-stopping", "--restarts", "0",
            "--init-weights", Path.Combine(Fixtures, $"init-{name}.safetensors"), "--out", dir.Path, "--quiet"]);
        Assert.True(result.ExitCode == 0, result.Error);

        var weights = SafeTensors.Load(Path.Combine(dir.Path, "model.safetensors")).Tensors;
        foreach (var p in expected.GetProperty("final").EnumerateObject())
        {
            var truth = p.Value.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
            Numerics.AssertClose(truth, weights[p.Name].Data, 1e-4, 1e-5, $"{name}: {p.Name}");
        }
    }
}
