using System.Text.Json;
using Xunit;

namespace TinyNets.Tests.Cli;

/// <summary><c>tinynets bench</c>: the recorder's cost in percent and in nanoseconds a step; <c>--recorder-parts</c>: its four
/// parts, and a clear error where it cannot run.</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public void The_recorder_figure_gives_the_cost_a_step_in_nanoseconds_next_to_the_percentage()
    {
        var result = CliRunner.Run("bench", "--workload", "xor", "--skip-extras", "--json", "--repeats", "1");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var xor = Assert.Single(json.RootElement.GetProperty("results").EnumerateArray());
        Assert.Equal("xor", xor.GetProperty("workload").GetString());
        Assert.True(double.IsFinite(xor.GetProperty("recorder_overhead_percent").GetDouble()));
        Assert.True(double.IsFinite(xor.GetProperty("recorder_ns_per_step").GetDouble()));
    }

    [Fact]
    public void Recorder_parts_lists_each_part_with_its_overhead()
    {
        var result = CliRunner.Run("bench", "--workload", "xor", "--recorder-parts", "--json", "--repeats", "1");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("xor", json.RootElement.GetProperty("workload").GetString());
        var parts = json.RootElement.GetProperty("parts").EnumerateArray().ToArray();
        Assert.Equal(["step hooks that do nothing", "the optimizer's statistics only", "the recorder without activation statistics", "the recorder"],
            parts.Select(p => p.GetProperty("part").GetString()));
        foreach (var part in parts)
        {
            Assert.True(double.IsFinite(part.GetProperty("overhead_percent").GetDouble()));
            Assert.True(part.GetProperty("pairs").GetInt32() >= 1);
        }
    }

    [Theory]
    [InlineData("study")]
    [InlineData("csv-load")]
    public void Recorder_parts_of_a_workload_that_does_not_train_is_a_one_line_error(string workload)
    {
        var result = CliRunner.Run("bench", "--workload", workload, "--recorder-parts");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"tinynets: error: --recorder-parts needs a training workload, not {workload}", result.Error.Trim());
        Assert.Equal("", result.Out);
    }
}
