using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TinyNets.Studies;
using TinyNets.Data;
using TinyNets.Reporting;
using TinyNets.Runs;
using TinyNets.Serialization;

namespace TinyNets.Cli.Commands;

/// <summary><c>tinynets report DIR</c>: regenerates DIR/report.html from the run folder (the data from its config.yaml).</summary>
public sealed class ReportCommand(CliOutput output) : Command<ReportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DIR>")] [Description("A run folder written by tinynets train.")] public string Folder { get; init; } = "";

        public override ValidationResult Validate() =>
            Directory.Exists(Folder) ? ValidationResult.Success() : ValidationResult.Error($"{Folder}: no such folder");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var config = RunConfigYaml.Read(Path.Combine(settings.Folder, "config.yaml"));
        var (_, split, _) = TrainingRun.LoadData(config);
        Write(settings.Folder, split);
        output.Out.WriteLine($"wrote {Path.Combine(settings.Folder, "report.html")}");
        return 0;
    }

    /// <summary>Writes report.html into a run folder (atomically).</summary>
    internal static void Write(string folder, DataSplit? data) =>
        AtomicFile.WriteAllText(Path.Combine(folder, "report.html"), HtmlReport.Build(ReportInput.FromFolder(folder, data)));
}
