using System.Diagnostics;
using TinyNets.Cli.Commands;
using TinyNets.Studies.Analysis;
using TinyNets.Studies.Execution;
using TinyNets.Studies.Reports;
using TinyNets.Studies.Specs;
using TinyNets.Studies.Storage;

namespace TinyNets.Cli.Bench;

/// <summary>
/// A 48-trial study (a 2-32-32-5 net on a 5-arm spiral of 3000 points, 4 learning rates × SGD/Adam × 6 seeds, a fixed
/// 200 epochs each, every step recorded: about 0.2 s a trial) run with 1 worker and with 2, each in a fresh folder: wall
/// time, the speed-up, and what the study's bookkeeping (trial folders and store writes; then the report) costs next
/// to the trials' training. Trials much shorter than this are dominated by fixed costs per trial (see docs/BENCHMARKS.md).
/// </summary>
public static class StudyBenchmark
{
    public const string Spec = """
        name: bench
        seeds: 6
        base: {dataset: spiral, classes: 5, points: 3000, hidden: [32, 32], epochs: 200, patience: 1000, restarts: 0}
        space:
          lr: [0.003, 0.01, 0.03, 0.1]
          optimizer: [sgd, adam]
        """;

    public sealed record Run(int Workers, double Seconds, double TrainSeconds, double BookkeepingSeconds, double ReportSeconds, int Trials);

    public sealed record Result(IReadOnlyList<Run> OneWorker, IReadOnlyList<Run> TwoWorkers, double OneWorkerSeconds, double TwoWorkerSeconds,
        double Speedup, double BookkeepingPercent, double ReportSeconds);

    public static Result Measure(int repeats)
    {
        var spec = StudySpecYaml.Parse(Spec, "bench study", "bench");
        Once(spec, 2);   // warm-up: JIT, the data generators, SQLite's native library
        var one = new List<Run>();
        var two = new List<Run>();
        for (int r = 0; r < repeats; r++)
        {
            one.Add(Once(spec, 1));   // back to back, so both see the same host load
            two.Add(Once(spec, 2));
        }
        var all = one.Concat(two).ToArray();
        double oneWorker = BenchCommand.Median(one.Select(r => r.Seconds)), twoWorkers = BenchCommand.Median(two.Select(r => r.Seconds));
        return new Result(one, two, oneWorker, twoWorkers, oneWorker / twoWorkers,
            100 * BenchCommand.Median(all.Select(r => r.BookkeepingSeconds / r.TrainSeconds)), BenchCommand.Median(all.Select(r => r.ReportSeconds)));
    }

    private static Run Once(StudySpec spec, int workers)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"tinynets-bench-study-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var clock = Stopwatch.StartNew();
            StudyRunSummary summary;
            StudyAnalysis analysis;
            var study = new StudyFolder(folder);
            using (study.Lock())
            using (var store = new SqliteStudyStore(study.Database))
            {
                var runner = new StudyRunner(spec, store, study, new TrainingTrialExecutor(), workers);
                summary = runner.Run();
                double trialsDone = clock.Elapsed.TotalSeconds;
                var reportClock = Stopwatch.StartNew();
                analysis = StudyAnalysis.Load(spec, store, runner.Study.Id);
                StudyReport.Write(study, analysis);
                return new Run(workers, trialsDone, summary.TrainSeconds, summary.BookkeepingSeconds, reportClock.Elapsed.TotalSeconds, summary.Counts.Complete);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
