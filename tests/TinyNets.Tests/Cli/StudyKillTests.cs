using System.Diagnostics;
using System.Text.Json;
using TinyNets.Studies.Storage;
using Xunit;

namespace TinyNets.Tests.Cli;

/// <summary>
/// A real <c>tinynets study run</c> process killed with SIGKILL mid-study, twice, then resumed: no trial is lost, none
/// is completed twice, and the store references only whole trial folders.
/// </summary>
public sealed class StudyKillTests
{
    private const string Spec = """
        name: killed
        seeds: 3
        base: {dataset: gaussians, classes: 5, points: 5000, layers: [2, 4, 12, 4, 5], epochs: 60, patience: 1000, restarts: 0}
        space:
          lr: [0.003, 0.01, 0.03, 0.1]
          optimizer: [sgd, adam]
        """;

    [Fact]
    public void Sigkill_at_any_moment_loses_no_trial_and_completes_none_twice()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var dir = new TempDirectory();
        string spec = dir.File("killed.yaml"), folder = Path.Combine(dir.Path, "study");
        File.WriteAllText(spec, Spec);

        KillAfter(["study", "run", spec, "--workers", "2", "--out", folder], finishedTrials: 5);
        var beforeSecondKill = Finished(folder);
        Assert.InRange(beforeSecondKill.Count, 5, 23);
        KillAfter(["study", "resume", folder, "--workers", "2"], finishedTrials: 3);
        var beforeResume = Finished(folder);
        AssertSameFinish(beforeSecondKill, beforeResume);

        var status = CliRunner.Run("study", "status", folder, "--json");
        Assert.Equal(0, status.ExitCode);
        var counts = JsonDocument.Parse(status.Out).RootElement;
        Assert.Equal(24, counts.GetProperty("total").GetInt32());
        Assert.Equal(beforeResume.Count, counts.GetProperty("complete").GetInt32());

        var resumed = CliRunner.Run("study", "resume", folder, "--workers", "2", "--quiet");
        Assert.True(resumed.ExitCode == 0, resumed.Error + resumed.Out);
        var final = Finished(folder);
        Assert.Equal(24, final.Count);
        AssertSameFinish(beforeResume, final);   // trials finished before the kills were not run again

        using var store = new SqliteStudyStore(Path.Combine(folder, "study.db"));
        var trials = store.Trials(store.Studies().Single().Id);
        Assert.Equal(24, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(24, trials.Select(t => t.Path).Distinct().Count());
        foreach (var t in trials)
        {
            string path = Path.Combine(folder, t.Path!);
            var (_, model) = Serialization.ModelFile.Load(path);   // whole folders only: every referenced model loads
            Assert.Equal(5, model.OutputWidth);
            Assert.True(JsonDocument.Parse(File.ReadAllText(Path.Combine(path, "summary.json"))).RootElement.GetProperty("epochs_run").GetInt32() == 60);
            Assert.Equal(60, store.Epochs(t.Id).Count);
        }
        var dirs = Directory.GetDirectories(Path.Combine(folder, "trials")).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(trials.Select(t => Path.GetFileName(t.Path!)).Order().ToArray(), dirs);   // no staging or orphaned folders
        Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories));
        Assert.True(File.Exists(Path.Combine(folder, "report.html")));
    }

    /// <summary>Runs tinynets as a real process and SIGKILLs it once its output shows <paramref name="finishedTrials"/> more trials done.</summary>
    private static void KillAfter(string[] args, int finishedTrials)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tinynets.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        int seen = 0;
        var lines = new List<string>();
        while (seen < finishedTrials && process.StandardOutput.ReadLine() is { } line)
        {
            lines.Add(line);
            if (line.StartsWith('[')) seen++;
        }
        if (seen < finishedTrials) Assert.Fail($"the study ended before {finishedTrials} trials: {string.Join("\n", lines)}\n{process.StandardError.ReadToEnd()}");
        Thread.Sleep(Random.Shared.Next(0, 150));   // somewhere inside the next trials, their folders or their store writes
        Assert.False(process.HasExited, "the study ended before it could be killed");
        process.Kill();   // SIGKILL: no handler runs
        Assert.True(process.WaitForExit(30_000));
        Assert.Equal(137, process.ExitCode);
    }

    /// <summary>Each complete trial's id, attempt and finish time, read as a new process would.</summary>
    private static Dictionary<long, (int Attempt, DateTimeOffset? Finished)> Finished(string folder)
    {
        using var store = new SqliteStudyStore(Path.Combine(folder, "study.db"));
        var trials = store.Trials(store.Studies().Single().Id);
        foreach (var t in trials.Where(t => t.State == TrialState.Complete))
            Assert.True(File.Exists(Path.Combine(folder, t.Path!, "summary.json")), $"trial {t.Id} is complete but its folder is not whole");
        return trials.Where(t => t.State == TrialState.Complete).ToDictionary(t => t.Id, t => (t.Attempt, t.Finished));
    }

    private static void AssertSameFinish(Dictionary<long, (int, DateTimeOffset?)> earlier, Dictionary<long, (int, DateTimeOffset?)> later)
    {
        foreach (var (id, finish) in earlier) Assert.Equal(finish, later[id]);
    }
}
