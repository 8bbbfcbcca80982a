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
        [CommandOption("--images")] [Description("Also write every chart as PNG and SVG into DIR/charts/.")] public bool Images { get; init; }

        public override ValidationResult Validate() =>
            Directory.Exists(Folder) ? ValidationResult.Success() : ValidationResult.Error($"{Folder}: no such folder");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var page = Rebuild(settings.Folder);
        output.Out.WriteLine($"wrote {Path.Combine(settings.Folder, "report.html")}");
        if (settings.Images)
        {
            string charts = Path.Combine(settings.Folder, "charts");
            int count = page.WriteImages(charts);
            output.Out.WriteLine($"wrote {count} charts as PNG and SVG into {charts}{Path.DirectorySeparatorChar}");
        }
        return 0;
    }

    /// <summary>Writes report.html into a run folder from what the folder holds, its data made again from its config.yaml,
    /// and findings.json anew by today's diagnoses (a folder trained before a rule changed showed the old rule's findings).</summary>
    internal static ReportPage Rebuild(string folder)
    {
        var config = ReadConfig(folder);
        // Standardized as the model was trained: a folder from before large regression targets were standardized has none.
        var (file, _) = ModelFile.LoadFile(folder);
        var split = TrainingRun.LoadData(config, file.Standardization?.ToStandardizer()).Split;
        if (RunFolderReader.Diagnose(folder, config) is { } findings) RunFolder.WriteFindings(folder, findings);
        return Write(folder, split);
    }

    /// <summary>A run folder's config.yaml; a folder without one is named as perhaps not a run folder.</summary>
    internal static RunConfig ReadConfig(string folder)
    {
        string path = Path.Combine(folder, "config.yaml");
        if (!File.Exists(path)) throw new TinyNetsException($"{path}: no such file (is {folder} a run folder?)");
        return RunConfigYaml.Read(path);
    }

    /// <summary>Writes report.html into a run folder (atomically); returns the page, whose charts can also be written as images.</summary>
    internal static ReportPage Write(string folder, DataSplit? data)
    {
        var page = HtmlReport.Page(ReportInput.FromFolder(folder, data));
        AtomicFile.WriteAllText(Path.Combine(folder, "report.html"), page.ToString());
        return page;
    }
}
