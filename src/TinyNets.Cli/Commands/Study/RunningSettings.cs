using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace TinyNets.Cli.Commands.Study;

/// <summary>The flags of the verbs that run trials (<c>study run</c>, <c>study resume</c>).</summary>
public abstract class RunningSettings : CommandSettings
{
    [CommandOption("--workers <N>")] [Description("Trials in parallel (default: one per core).")] public int? Workers { get; init; }
    [CommandOption("--quiet")] [Description("Print only the summary.")] public bool Quiet { get; init; }

    public override ValidationResult Validate() =>
        Workers is < 1 ? ValidationResult.Error($"--workers must be >= 1, got {Workers}") : ValidationResult.Success();
}
