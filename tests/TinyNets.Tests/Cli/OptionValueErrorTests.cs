using Xunit;

namespace TinyNets.Tests.Cli;

/// <summary>A value the parser cannot convert is named with its option and what that option takes, on every command.</summary>
public sealed class OptionValueErrorTests
{
    [Theory]
    [InlineData(new[] { "data", "xor", "--noise", "lots", "--out", "x.csv" }, "--noise expects a number, got 'lots'")]
    [InlineData(new[] { "data", "xor", "--seed", "1.5", "--out", "x.csv" }, "--seed expects a whole number >= 0, got '1.5'")]
    [InlineData(new[] { "bench", "--repeats", "q" }, "--repeats expects a whole number, got 'q'")]
    [InlineData(new[] { "study", "run", "x.yaml", "--workers", "two" }, "--workers expects a whole number, got 'two'")]
    [InlineData(new[] { "study", "resume", "x", "--workers=two" }, "--workers expects a whole number, got 'two'")]
    public void A_value_of_the_wrong_kind_names_its_option(string[] args, string message)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"tinynets: error: {message}\n", result.Error.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Other_parser_messages_pass_through()
    {
        Assert.Null(TinyNets.Cli.OptionValueError.Explain("Unknown option 'x'.", ["--x"]));
        Assert.Equal("'q' is not a value its option takes", TinyNets.Cli.OptionValueError.Explain("Failed to convert 'q' to Int32.", ["q"]));
    }
}
