using System.Globalization;
using TinyNets.Serialization;
using TinyNets.Studies.Analysis;
using TinyNets.Studies.Execution;
using TinyNets.Studies.Reports;
using TinyNets.Studies.Specs;
using TinyNets.Studies.Storage;

namespace TinyNets.Cli.Commands.Study;

/// <summary>What <c>study run</c> and <c>study resume</c> share: run the study in its folder, then report it.</summary>
internal static class StudySession
{
    public static int Run(CliOutput output, StudySpec spec, StudyFolder folder, int? workers, bool quiet, CancellationToken cancellationToken)
    {
        int n = workers ?? Environment.ProcessorCount;
        if (n < 1) throw new TinyNetsException($"--workers must be >= 1, got {n}");
        // Every experiment's first round, planned once before anything is written: a choice no run accepts (an unknown
        // optimizer) is refused here, without a study folder left behind.
        for (int i = 0; i < spec.Experiments.Count; i++) Studies.Search.Planner.Next(spec.Experiments[i], i, []);
        using var studyLock = folder.Lock();
        using var store = new SqliteStudyStore(folder.Database);
        var runner = new StudyRunner(spec, store, folder, new TrainingTrialExecutor(spec.TrialReports), n);
        AtomicFile.WriteAllText(folder.Spec, spec.Text);
        var before = store.Counts(runner.Study.Id);
        if (!quiet)
            output.Out.WriteLine(before.Total == 0
                ? $"study '{spec.Name}' in {folder.Path}: {spec.Experiments.Count} experiment(s), {n} worker(s)"
                : $"study '{spec.Name}' in {folder.Path}: resuming ({before.Complete + before.Pruned} of {before.Total} trials finished), {n} worker(s)");
        using var progress = quiet ? null : new StudyProgress(output.Out, spec, store, runner.Study.Id, ReferenceEquals(output.Out, Console.Out) && !Console.IsOutputRedirected);
        if (progress is not null) runner.AddObserver(progress);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, output.Interrupt);
        var summary = runner.Run(linked.Token);
        progress?.Finish();

        if (spec.TrialReports) DrawMissingTrialReports(output, folder, store.Trials(runner.Study.Id), n);
        var analysis = StudyAnalysis.Load(spec, store, runner.Study.Id);
        var best = StudyReport.Write(folder, analysis);
        var c = summary.Counts;
        output.Out.WriteLine($"{c.Total} trials: {c.Complete} complete, {c.Pruned} pruned, {c.Diverged} diverged, {c.Failed} failed, {c.Queued} queued");
        foreach (var line in analysis.SummaryLines()) output.Out.WriteLine(line);
        if (summary.TrainSeconds > 0)
            output.Out.WriteLine($"bookkeeping (trial folders, store) {F(summary.BookkeepingSeconds)} s next to {F(summary.TrainSeconds)} s of training ({(100 * summary.BookkeepingSeconds / summary.TrainSeconds).ToString("0.0", CultureInfo.InvariantCulture)}%)");
        output.Out.WriteLine($"saved {folder.Report}{(best is null ? "" : $" and the best model in {best}")}");
        if (analysis.BudgetNote() is { } budget) output.Out.WriteLine(budget);
        if (summary.OutOfTime)
            output.Out.WriteLine($"stopped: this run's time budget ({spec.Budget.Minutes} minutes) is spent; tinynets study resume {folder.Path} continues");
        if (c.Failed > 0 && store.Trials(runner.Study.Id).FirstOrDefault(t => t.State == TrialState.Failed) is { } failed)
            output.Error.WriteLine($"tinynets: {c.Failed} trial(s) failed; trial {failed.Id} ({failed.Configuration}): {failed.Error}");
        if (summary.Stopped)
        {
            output.Out.WriteLine($"interrupted: tinynets study resume {folder.Path} continues");
            return 130;
        }
        return 0;
    }

    /// <summary>
    /// With <c>trial-reports: true</c>, trials that finished before it was turned on (or in a run that stopped before their
    /// report) get theirs now, <paramref name="workers"/> at a time; new trials draw their own as they finish.
    /// </summary>
    private static void DrawMissingTrialReports(CliOutput output, StudyFolder folder, IReadOnlyList<TrialRecord> trials, int workers)
    {
        var missing = trials.Where(t => t.Path is not null && t.State is TrialState.Complete or TrialState.Pruned or TrialState.Diverged)
            .Select(t => folder.Full(t.Path!)).Where(path => !File.Exists(Path.Combine(path, "report.html"))).ToArray();
        if (missing.Length == 0) return;
        Parallel.ForEach(missing, new ParallelOptions { MaxDegreeOfParallelism = workers }, path => ReportCommand.Rebuild(path));
        output.Out.WriteLine($"drew the reports of {missing.Length} trial(s) finished before trial-reports was on");
    }

    private static string F(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture);
}
