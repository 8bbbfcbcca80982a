using Xunit;

namespace TinyNets.Tests.Cli;

/// <summary>Every command's help prints (option descriptions are Spectre markup: a bare [ in one was a crash).</summary>
public sealed class HelpTests
{
    [Theory]
    [InlineData("train", "step:SIZE[:GAMMA]")]
    [InlineData("predict", "--model")]
    [InlineData("evaluate", "--model")]
    [InlineData("report", "USAGE")]
    [InlineData("compare", "USAGE")]
    [InlineData("data", "USAGE")]
    [InlineData("bench", "--workload")]
    [InlineData("study run", "--workers")]
    [InlineData("study resume", "USAGE")]
    [InlineData("study status", "--json")]
    [InlineData("study report", "USAGE")]
    public void Help_prints_the_options(string command, string expected)
    {
        var result = CliRunner.Run([.. command.Split(' '), "--help"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(expected, result.Out);
    }

    [Fact]
    public void Every_option_says_what_it_does()
    {
        // train --help listed --epochs, --batch-size, --seed and a dozen more with nothing beside them.
        var silent = typeof(TinyNets.Cli.CliApp).Assembly.GetTypes()
            .Where(t => typeof(Spectre.Console.Cli.CommandSettings).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties())
            .Where(p => p.GetCustomAttributes(typeof(Spectre.Console.Cli.CommandOptionAttribute), false)
                .Cast<Spectre.Console.Cli.CommandOptionAttribute>().Any(a => !a.IsHidden))
            .Where(p => !p.GetCustomAttributes(typeof(System.ComponentModel.DescriptionAttribute), false).Any())
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}");
        Assert.Empty(silent);
    }

    [Fact]
    public void The_top_level_help_starts_with_the_readmes_first_command()
    {
        var result = CliRunner.Run("--help");
        Assert.Equal(0, result.ExitCode);
        string plain = System.Text.RegularExpressions.Regex.Replace(result.Out, "\u001b\\[[0-9;]*m", "");
        string examples = plain[plain.IndexOf("EXAMPLES:", StringComparison.Ordinal)..];
        Assert.StartsWith("EXAMPLES:\n    tinynets study run examples/classic-study.yaml\n", examples.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Version_prints_the_version()
    {
        var result = CliRunner.Run("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("0.1.0", result.Out.Trim());
    }
}
