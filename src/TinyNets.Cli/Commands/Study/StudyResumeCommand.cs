using System.ComponentModel;
using Spectre.Console.Cli;
using TinyNets.Studies.Execution;
using TinyNets.Studies.Specs;

namespace TinyNets.Cli.Commands.Study;

/// <summary><c>tinynets study resume DIR</c>: continues a study from its folder, with the spec its store holds.</summary>
public sealed class StudyResumeCommand(CliOutput output) : Command<StudyResumeCommand.Settings>
{
    public sealed class Settings : RunningSettings
    {
        [CommandArgument(0, "<DIR>")] [Description("A study folder written by tinynets study run.")] public string Folder { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        StudySpec spec;
        using (var study = OpenStudy.At(settings.Folder)) spec = study.Spec;
        return StudySession.Run(output, spec, new StudyFolder(settings.Folder), settings.Workers, settings.Quiet, cancellationToken);
    }
}
