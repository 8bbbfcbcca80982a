using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using TinyNets.Data.Csv;
using TinyNets.Data.Generators;
using TinyNets.Randomness;
using TinyNets.Serialization;

namespace TinyNets.Cli.Commands;

/// <summary><c>tinynets data NAME --out FILE.csv</c>: generates a built-in data set and writes it as CSV.</summary>
public sealed class DataCommand(CliOutput output) : Command<DataCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("xor, gaussians, spiral, circles, make-circles, moons, gaussian-quantiles, playground-circle, playground-xor, playground-gauss, playground-spiral, plane, multi-gauss.")]
        public string Name { get; init; } = "";

        [CommandOption("--points <N>")]
        [Description("Number of rows (default depends on the data set, mostly 500).")]
        public int? Points { get; init; }

        [CommandOption("--classes <K>")]
        [Description("Classes (gaussians, spiral, circles, gaussian-quantiles).")]
        public int? Classes { get; init; }

        [CommandOption("--noise <X>")]
        [Description("Noise, in the data set's own terms (see the README).")]
        public double? Noise { get; init; }

        [CommandOption("--factor <F>")]
        [Description("Inner radius of make-circles (default 0.8).")]
        public double? Factor { get; init; }

        [CommandOption("--seed <N>")]
        [Description("Run seed; the data comes from its data stream (default 1).")]
        public ulong Seed { get; init; } = 1;

        [CommandOption("--out <FILE>")]
        [Description("The CSV file to write.")]
        public string? Out { get; init; }

        [CommandOption("--plot <FILE>")]
        [Description("Also draw the data set: FILE.png or FILE.svg.")]
        public string? Plot { get; init; }

        public override ValidationResult Validate()
        {
            if (!DatasetCatalog.Names.Contains(Name))
                return ValidationResult.Error($"unknown dataset '{Name}'; expected one of {string.Join(", ", DatasetCatalog.Names)}");
            if (string.IsNullOrWhiteSpace(Out) && string.IsNullOrWhiteSpace(Plot)) return ValidationResult.Error("--out FILE.csv is required (or --plot FILE.png)");
            if (Plot is not null && !Plot.EndsWith(".png", StringComparison.OrdinalIgnoreCase) && !Plot.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
                return ValidationResult.Error($"--plot must name a .png or .svg file, got '{Plot}'");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var data = DatasetCatalog.Generate(settings.Name,
            new GeneratorRequest(settings.Points, settings.Classes, settings.Noise, settings.Factor), new RunSeed(settings.Seed));
        if (settings.Out is not null) CsvWriter.Save(data, settings.Out);
        if (settings.Plot is not null)
        {
            var plot = Reporting.Charts.NetworkCharts.Dataset(data, $"{settings.Name}: {data.Rows} points");
            if (settings.Plot.EndsWith(".svg", StringComparison.OrdinalIgnoreCase)) AtomicFile.WriteAllText(settings.Plot, Reporting.ChartKit.Svg(plot, 600, 560));
            else AtomicFile.Write(settings.Plot, s => s.Write(plot.GetImageBytes(600, 560, ScottPlot.ImageFormat.Png)));
        }
        string classes = data.IsClassification
            ? $"{data.ClassCount} {(data.ClassCount == 1 ? "class" : "classes")} ({string.Join(", ", data.ClassCounts().Select(c => c.ToString(CultureInfo.InvariantCulture)))} rows)"
            : "regression target";
        output.Out.WriteLine($"wrote {string.Join(" and ", new[] { settings.Out, settings.Plot }.Where(f => f is not null))}: {data.Rows} rows, {data.FeatureWidth} features, {classes}");
        return 0;
    }
}
