using System.ComponentModel;
using Spectre.Console.Cli;
using TinyNets.Studies.Analysis;
using TinyNets.Studies.Reports;
using TinyNets.Studies.Specs;
using TinyNets.Studies.Storage;

namespace TinyNets.Cli.Commands.Study;

/// <summary><c>tinynets study report DIR</c>: rewrites DIR/report.html and DIR/best/ from the store (also mid-study).</summary>
public sealed class StudyReportCommand(CliOutput output) : Command<StudyReportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DIR>")] [Description("A study folder.")] public string Folder { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var folder = StudyStatusCommand.Existing(settings.Folder);
        using var store = new SqliteStudyStore(folder.Database);
        var info = StudyStatusCommand.Only(store, folder);
        var analysis = StudyAnalysis.Load(StudySpecYaml.Parse(info.SpecText, folder.Spec, info.Name), store, info.Id);
        StudyReport.Write(folder, analysis);
        BestModel.Export(folder, analysis);
        output.Out.WriteLine($"wrote {folder.Report}");
        return 0;
    }
}
