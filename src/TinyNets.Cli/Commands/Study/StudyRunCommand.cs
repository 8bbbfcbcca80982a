using System.ComponentModel;
using Spectre.Console.Cli;
using TinyNets.Studies.Execution;
using TinyNets.Studies.Specs;

namespace TinyNets.Cli.Commands.Study;

/// <summary><c>tinynets study run SPEC.yaml</c>: runs (or, when its folder exists, continues) a study.</summary>
public sealed class StudyRunCommand(CliOutput output) : Command<StudyRunCommand.Settings>
{
    public sealed class Settings : RunningSettings
    {
        [CommandArgument(0, "<SPEC>")] [Description("A study spec (YAML), such as examples/classic-study.yaml.")] public string Spec { get; init; } = "";
        [CommandOption("--out <DIR>")] [Description("The study folder (default studies/<spec name>); running again continues it.")] public string? Out { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var spec = StudySpecYaml.Read(settings.Spec);
        var folder = new StudyFolder(settings.Out ?? Path.Combine("studies", Path.GetFileNameWithoutExtension(settings.Spec)));
        return StudySession.Run(output, spec, folder, settings.Workers, settings.Quiet, cancellationToken);
    }
}
