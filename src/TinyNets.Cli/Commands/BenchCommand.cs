using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using TinyNets.Cli.Bench;
using TinyNets.Training;

namespace TinyNets.Cli.Commands;

/// <summary>
/// <c>tinynets bench</c>: microseconds per training step of each workload (median of repetitions after a warm-up),
/// the achieved and peak GFLOP/s, the speed-up of two concurrent trainings, and the time to the first step.
/// </summary>
public sealed class BenchCommand(CliOutput output) : Command<BenchCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--workload <NAME>")]
        [Description("xor, gauss5, spiral5, wide, mnist-shaped or all (default all); csv-load times loading a 1M x 20 CSV; study runs a 48-trial study with 1 and 2 workers.")]
        public string Workload { get; init; } = "all";

        [CommandOption("--repeats <N>")]
        [Description("Timed repetitions per workload, at least; a short workload repeats until 0.3 s of training is timed. The median is reported (default 5).")]
        public int Repeats { get; init; } = 5;

        [CommandOption("--json")]
        [Description("Print the results as JSON.")]
        public bool Json { get; init; }

        [CommandOption("--skip-extras")]
        [Description("Only the workloads: no peak, concurrency or start-up measurements.")]
        public bool SkipExtras { get; init; }

        [CommandOption("--recorder-parts")]
        [Description("Instead of the usual figures: the overhead of each part of the recorder (step hooks, the optimizer's statistics, the recorder without and with activation statistics) on the chosen workload.")]
        public bool RecorderParts { get; init; }

        [CommandOption("--startup-probe", IsHidden = true)]
        public bool StartupProbe { get; init; }

        public override ValidationResult Validate()
        {
            if (Repeats <= 0) return ValidationResult.Error($"--repeats must be > 0, got {Repeats}");
            if (Workload != "all" && Workload != "csv-load" && Workload != "study" && Workloads.All.All(w => w.Name != Workload))
                return ValidationResult.Error($"unknown workload '{Workload}'; expected all or one of {string.Join(", ", Workloads.All.Select(w => w.Name))}");
            if (RecorderParts && (Workload == "csv-load" || Workload == "study"))
                return ValidationResult.Error($"--recorder-parts needs a training workload, not {Workload}");
            return ValidationResult.Success();
        }
    }

    public sealed record WorkloadResult(string Workload, double UsPerStep, long Steps, double[] Runs, double Gflops, double FinalLoss,
        double RecorderUsPerStep, double RecorderOverheadPercent, double RecorderNsPerStep);

    public sealed record Report(string Machine, string Runtime, double? PeakGflops, double? ConcurrencySpeedup,
        double? StartupMs, IReadOnlyList<WorkloadResult> Results);

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.StartupProbe)
        {
            var (trainer, data) = Workloads.Find("xor").Make(1);
            trainer.TrainEpoch(data);   // the first training step, and the JIT work a real run pays before it
            output.Out.WriteLine("first-step");
            return 0;
        }

        if (settings.Workload == "csv-load")
        {
            var csv = CsvLoadBenchmark.Run(repeats: Math.Min(settings.Repeats, 3));
            output.Out.WriteLine(settings.Json
                ? JsonSerializer.Serialize(csv, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })
                : FormattableString.Invariant($"csv-load: {csv.Rows:N0} rows x {csv.Columns} columns ({csv.FileBytes / 1e6:F0} MB) in {csv.Seconds:F2} s (median), {csv.AllocatedOverMatrix:F2}x the float32 matrix allocated"));
            return 0;
        }
        if (settings.Workload == "study")
        {
            var study = StudyBenchmark.Measure(repeats: Math.Min(settings.Repeats, 3));
            output.Out.WriteLine(settings.Json
                ? JsonSerializer.Serialize(study, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })
                : FormattableString.Invariant($"study: 48 trials in {study.OneWorkerSeconds:F2} s with 1 worker, ") +
                  FormattableString.Invariant($"{study.TwoWorkerSeconds:F2} s with 2 (medians): {study.Speedup:F2}x; ") +
                  FormattableString.Invariant($"bookkeeping {study.BookkeepingPercent:F1}% of training time; report and best model {study.ReportSeconds:F2} s"));
            return 0;
        }
        var selected = settings.Workload == "all" ? Workloads.All : [Workloads.Find(settings.Workload)];
        if (settings.RecorderParts)
        {
            foreach (var workload in selected)
            {
                if (cancellationToken.IsCancellationRequested) break;
                var parts = Bench.RecorderParts.Measure(workload, settings.Repeats);
                if (settings.Json)
                    output.Out.WriteLine(JsonSerializer.Serialize(new { workload = workload.Name, parts },
                        new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
                else
                    foreach (var part in parts)
                        output.Out.WriteLine(FormattableString.Invariant(
                            $"{workload.Name,-14} {part.Part,-44} {part.OverheadPercent,6:+0.0;-0.0}%  (median of {part.Pairs} pairs)"));
            }
            return 0;
        }
        var results = new List<WorkloadResult>();
        foreach (var workload in selected)
        {
            if (cancellationToken.IsCancellationRequested) break;
            var result = Measure(workload, settings.Repeats);
            results.Add(result);
            if (!settings.Json)
                output.Out.WriteLine(FormattableString.Invariant(
                    $"{workload.Name,-14} {result.UsPerStep,10:F2} us/step  {result.Gflops,7:F2} GFLOP/s  recorder on {result.RecorderUsPerStep,10:F2} us/step ({result.RecorderOverheadPercent:+0.0;-0.0}%, {result.RecorderNsPerStep:+0;-0} ns)  ({result.Steps} steps, {Runs(result.Runs)})"));
        }

        double? peak = null, speedup = null, startup = null;
        if (!settings.SkipExtras)
        {
            peak = PeakFlops.Measure();
            speedup = ConcurrencySpeedup(Workloads.Find("spiral5"));
            startup = StartupMilliseconds();
            if (!settings.Json)
            {
                output.Out.WriteLine(FormattableString.Invariant($"peak fp32 (one core, FMA)   {peak,8:F1} GFLOP/s"));
                output.Out.WriteLine(FormattableString.Invariant($"2 trainings on 2 threads    {speedup,8:F2}x the throughput of 1 (spiral5)"));
                output.Out.WriteLine(FormattableString.Invariant($"process start to 1st step   {startup,8:F0} ms (median of 5)"));
            }
        }
        var report = new Report(MachineDescription(), RuntimeInformation.FrameworkDescription, peak, speedup, startup, results);
        if (settings.Json)
            output.Out.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
        else
            output.Out.WriteLine($"machine: {report.Machine}; {report.Runtime}");
        return 0;
    }

    // Every run's us/step when there are few; their count and range when a short workload ran hundreds.
    private static string Runs(double[] runs) => runs.Length <= 15
        ? "runs " + string.Join(", ", runs.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))
        : FormattableString.Invariant($"{runs.Length} runs, {runs.Min():F2}-{runs.Max():F2}");

    private static WorkloadResult Measure(Workload workload, int repeats)
    {
        // Warm-up: at least 1.5 s of training, so tiered compilation has promoted the hot methods
        // (it waits for 100 ms without new tier-0 work) and caches are warm.
        var warm = Stopwatch.StartNew();
        double pairSeconds;
        do
        {
            var pair = Stopwatch.StartNew();
            Run(workload, 0);
            Run(workload, 0, record: true);
            pairSeconds = pair.Elapsed.TotalSeconds;
        } while (warm.Elapsed.TotalSeconds < 1.5);
        repeats = Workload.Pairs(repeats, pairSeconds);
        var runs = new double[repeats];
        var recorded = new double[repeats];
        long steps = 0;
        double loss = 0;
        for (int r = 0; r < repeats; r++)   // off and on alternate, so drifts in machine speed hit both alike
        {
            var (seconds, s, l) = Run(workload, (ulong)r + 1);
            runs[r] = seconds * 1e6 / s;
            steps = s;
            loss = l;
            var (withRecorder, s2, _) = Run(workload, (ulong)r + 1, record: true);
            recorded[r] = withRecorder * 1e6 / s2;
        }
        double median = Median(runs), medianRecorded = Median(recorded);
        // The recorder's cost as the median of each back-to-back pair's ratio: a slow phase of the host then moves both
        // runs of a pair, where a ratio of the two medians would compare runs made at different times.
        double overhead = Median(recorded.Select((on, r) => on / runs[r]).ToArray());
        // The same pairs' difference per step, for a step so short that a percentage says little (xor: 0.25 us).
        double nanoseconds = Median(recorded.Select((on, r) => 1000 * (on - runs[r])).ToArray());
        var (trainer, data) = workload.Make(0);
        double examplesPerStep = (double)data.Rows * trainer.Options.Epochs / steps;
        return new WorkloadResult(workload.Name, median, steps, runs, workload.FlopsPerExample * examplesPerStep / (median * 1e3), loss,
            medianRecorded, 100 * (overhead - 1), nanoseconds);
    }

    private static (double Seconds, long Steps, double Loss) Run(Workload workload, ulong seed, bool record = false) =>
        workload.Time(seed, record ? t => new StepRecorder(t.Model) : null);

    /// <summary>
    /// Throughput of two trainings on two threads over that of one, median of five. Both trainings are set up before the
    /// clock starts and released together, so the figure times training alone, as the one-thread time does.
    /// </summary>
    private static double ConcurrencySpeedup(Workload workload)
    {
        var ratios = new double[5];
        Run(workload, 0);
        for (int r = 0; r < ratios.Length; r++)
        {
            double one = Run(workload, 1).Seconds;
            var runs = Enumerable.Range(0, 2).Select(i => workload.Make((ulong)i + 2)).ToArray();
            using var start = new Barrier(runs.Length + 1);
            var threads = runs.Select(run => new Thread(() =>
            {
                start.SignalAndWait();
                run.Trainer.Fit(run.Data);
            })).ToArray();
            foreach (var t in threads) t.Start();
            start.SignalAndWait();
            var clock = Stopwatch.StartNew();
            foreach (var t in threads) t.Join();
            ratios[r] = 2 * one / clock.Elapsed.TotalSeconds;
        }
        return Median(ratios);
    }

    /// <summary>Wall time from starting a new tinynets process to its first training step, median of five.</summary>
    private static double StartupMilliseconds()
    {
        string host = Environment.ProcessPath ?? "dotnet";
        string entry = Environment.GetCommandLineArgs()[0];
        bool viaDotnet = Path.GetFileNameWithoutExtension(host) == "dotnet";
        var times = new double[5];
        for (int i = 0; i < times.Length; i++)
        {
            var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
            if (viaDotnet) start.ArgumentList.Add(entry);
            start.ArgumentList.Add("bench");
            start.ArgumentList.Add("--startup-probe");
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null && line != "first-step") { }
            times[i] = clock.Elapsed.TotalMilliseconds;
            process.WaitForExit();
        }
        return Median(times);
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string MachineDescription()
    {
        string cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException) { }
        string vectors = Vector512.IsHardwareAccelerated ? "AVX-512" : Vector256.IsHardwareAccelerated ? "AVX2" : "no wide vectors";
        return $"{cpu}, {Environment.ProcessorCount} cores, {vectors}, {RuntimeInformation.OSDescription}";
    }
}
