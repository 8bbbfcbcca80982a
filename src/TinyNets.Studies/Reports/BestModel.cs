using TinyNets.Studies.Analysis;
using TinyNets.Studies.Execution;

namespace TinyNets.Studies.Reports;

/// <summary>Copies each experiment's best trial folder (model, config, metrics) to <c>DIR/best/EXPERIMENT/</c>.</summary>
public static class BestModel
{
    /// <summary>Returns the best/ folder, or null when no experiment has a finished trial yet.</summary>
    public static string? Export(StudyFolder folder, StudyAnalysis analysis)
    {
        bool any = false;
        foreach (var e in analysis.Experiments)
        {
            if (e.Leader is not { } leader || StudyAnalysis.BestTrial(leader, e.Spec.Objective) is not { } trial) continue;
            string target = Path.Combine(folder.Best, Safe(e.Spec.Name));
            string staging = target + $".tmp-{Environment.ProcessId}";
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            Directory.CreateDirectory(staging);
            foreach (var file in Directory.GetFiles(folder.Full(trial.Path!)))
                File.Copy(file, Path.Combine(staging, Path.GetFileName(file)));
            // Swap in the new copy: a reader sees the old folder or the new one, never a half-copied one.
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            Directory.Move(staging, target);
            any = true;
        }
        return any ? folder.Best : null;
    }

    /// <summary>An experiment name as a folder name.</summary>
    public static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-'));
}
