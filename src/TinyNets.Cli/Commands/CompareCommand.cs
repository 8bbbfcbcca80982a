using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TinyNets.Reporting;
using TinyNets.Serialization;
using TinyNets.Studies;

namespace TinyNets.Cli.Commands;

/// <summary><c>tinynets compare DIR1 DIR2 ... [--out compare.html]</c>: several runs overlaid in one report.</summary>
public sealed class CompareCommand(CliOutput output) : Command<CompareCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DIRS>")] [Description("Two or more run folders.")] public string[] Folders { get; init; } = [];
        [CommandOption("--out <FILE>")] [Description("Where to write the page (default compare.html).")] public string Out { get; init; } = "compare.html";
        [CommandOption("--images")] [Description("Also write every chart as PNG and SVG into a folder beside the page (compare-charts/).")] public bool Images { get; init; }

        public override ValidationResult Validate()
        {
            if (Folders.Length < 2) return ValidationResult.Error("compare needs at least two run folders");
            foreach (var f in Folders) if (!Directory.Exists(f)) return ValidationResult.Error($"{f}: no such folder");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var read = settings.Folders.Select(ReportCommand.ReadConfig).ToArray();
        // The values as read, so a comment beside a value (`weight-decay: null   # adam's default, 0`) is not part of it.
        var configs = read.Select(config => (IReadOnlyDictionary<string, string>)RunConfigYaml.KeyNames.ToDictionary(k => k, k => RunConfigYaml.ValueText(config, k))).ToArray();
        var data = read.Select(config => Runs.TrainingRun.LoadData(config).Split).ToArray();   // each run's own rows, for its decision boundary
        // By today's rules, as `report` diagnoses a folder: a run trained before a rule changed kept the old rule's findings.
        var findings = settings.Folders.Select((folder, i) => Runs.RunFolderReader.Diagnose(folder, read[i]) ?? Runs.RunFolderReader.Findings(folder)).ToArray();
        var runs = CompareReport.Load(settings.Folders, configs, data, findings);
        var page = CompareReport.Page(runs);
        AtomicFile.WriteAllText(settings.Out, page.ToString());
        output.Out.WriteLine($"wrote {settings.Out}: {string.Join("; ", runs.Select(r => r.Name))}");
        if (settings.Images)
        {
            string charts = Path.ChangeExtension(settings.Out, null) + "-charts";
            output.Out.WriteLine($"wrote {page.WriteImages(charts)} charts as PNG and SVG into {charts}{Path.DirectorySeparatorChar}");
        }
        return 0;
    }
}
