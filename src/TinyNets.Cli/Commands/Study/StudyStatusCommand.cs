using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using TinyNets.Studies.Analysis;

namespace TinyNets.Cli.Commands.Study;

/// <summary><c>tinynets study status DIR [--json]</c>: trial counts and each experiment's best configuration, also while the study runs.</summary>
public sealed class StudyStatusCommand(CliOutput output) : Command<StudyStatusCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DIR>")] [Description("A study folder.")] public string Folder { get; init; } = "";
        [CommandOption("--json")] [Description("Print the status as JSON.")] public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var study = OpenStudy.At(settings.Folder);
        var (folder, info) = (study.Folder, study.Info);
        var c = study.Store.Counts(info.Id);
        var analysis = StudyAnalysis.Load(study.Spec, study.Store, info.Id);
        var best = analysis.Experiments.Select(e => (e.Spec, Leader: e.Leader)).Where(x => x.Leader is not null).ToArray();
        if (settings.Json)
        {
            output.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["study"] = info.Name,
                ["total"] = c.Total,
                ["complete"] = c.Complete,
                ["running"] = c.Running,
                ["queued"] = c.Queued,
                ["pruned"] = c.Pruned,
                ["failed"] = c.Failed,
                ["diverged"] = c.Diverged,
                ["left_out_by_budget"] = analysis.LeftOutByBudget(),
                ["elapsed_seconds"] = Math.Round(info.ElapsedSeconds, 1),
                ["best"] = best.Select(b => (b.Spec, b.Leader, Trial: StudyAnalysis.BestTrial(b.Leader!, b.Spec.Objective))).Select(b => new Dictionary<string, object?>
                {
                    ["experiment"] = b.Spec.Name,
                    ["configuration"] = b.Leader!.Configuration,
                    ["objective"] = StudyAnalysis.ObjectiveName(b.Spec.Objective),
                    ["mean"] = b.Leader.Objective.Mean,
                    ["interval95"] = double.IsNaN(b.Leader.Objective.HalfWidth) ? null : b.Leader.Objective.HalfWidth,
                    ["seeds"] = b.Leader.Objective.Count,
                    ["trial"] = b.Trial?.Id,
                    ["path"] = b.Trial?.Path,
                }).ToArray(),
            }, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        output.Out.WriteLine($"study '{info.Name}' in {folder.Path}: {c.Total} trials: {c.Complete} complete, {c.Running} running, {c.Queued} queued, " +
            $"{c.Pruned} pruned, {c.Failed} failed, {c.Diverged} diverged; {info.ElapsedSeconds.ToString("0", CultureInfo.InvariantCulture)} s so far");
        foreach (var line in analysis.SummaryLines()) output.Out.WriteLine(line);
        if (analysis.BudgetNote() is { } budget) output.Out.WriteLine(budget);
        return 0;
    }
}
