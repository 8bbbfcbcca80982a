using System.ComponentModel;
using Spectre.Console.Cli;
using TinyNets.Studies.Analysis;
using TinyNets.Studies.Reports;

namespace TinyNets.Cli.Commands.Study;

/// <summary><c>tinynets study report DIR</c>: rewrites DIR/report.html and DIR/best/ from the store (also mid-study),
/// its trials diagnosed by today's rules.</summary>
public sealed class StudyReportCommand(CliOutput output) : Command<StudyReportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DIR>")] [Description("A study folder.")] public string Folder { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var study = OpenStudy.At(settings.Folder);
        var analysis = StudyAnalysis.Load(study.Spec, study.Store, study.Info.Id);
        StudyReport.Write(study.Folder, analysis, diagnoseAgain: true);   // the study may have run before a rule changed
        output.Out.WriteLine($"wrote {study.Folder.Report}");
        return 0;
    }
}
