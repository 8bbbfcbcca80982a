using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using TinyNets.Studies.Analysis;
using TinyNets.Studies.Execution;
using TinyNets.Studies.Specs;
using TinyNets.Studies.Storage;

namespace TinyNets.Cli.Commands.Study;

/// <summary>
/// The study's live display. On a terminal: overall progress, the running trials and the best so far, redrawn in
/// place (Spectre.Console live rendering) at most ten times a second. Redirected: one plain line per finished trial.
/// </summary>
internal sealed class StudyProgress : IStudyObserver, IDisposable
{
    private readonly TextWriter _writer;
    private readonly IStudyStore _store;
    private readonly long _study;
    private readonly StudySpec _spec;
    private readonly IAnsiConsole? _console;
    private readonly Dictionary<long, (TrialRecord Trial, Stopwatch Clock)> _running = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private readonly Thread? _painter;
    private volatile bool _done;
    private volatile string? _best;   // recomputed when a trial finishes, not at every redraw

    public StudyProgress(TextWriter writer, StudySpec spec, IStudyStore store, long study, bool live)
    {
        _spec = spec;
        _writer = writer;
        _store = store;
        _study = study;
        if (!live) return;
        _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        _best = BestSoFar();   // a resumed study already has one
        _painter = new Thread(Paint) { IsBackground = true, Name = "study display" };
        _painter.Start();
    }

    public void TrialStarted(TrialRecord trial)
    {
        lock (_lock) _running[trial.Id] = (trial, Stopwatch.StartNew());
    }

    public void TrialFinished(TrialRecord trial, TrialResult result)
    {
        double seconds;
        lock (_lock)
        {
            seconds = _running.Remove(trial.Id, out var r) ? r.Clock.Elapsed.TotalSeconds : 0;
        }
        if (_console is not null)
        {
            _best = BestSoFar();
            return;
        }
        var c = _store.Counts(_study);
        string outcome = result.State switch
        {
            TrialState.Failed => $"failed: {result.Error}",
            _ => $"{result.State.ToString().ToLowerInvariant()}, val loss {N(result.Outcome?.ValLoss)}, val acc {N(result.Outcome?.ValAccuracy)}, {Epochs(result.Outcome)}",
        };
        lock (_lock)
            _writer.WriteLine($"[{c.Complete + c.Pruned + c.Failed + c.Diverged}/{c.Total}] trial {trial.Id} {trial.Experiment} {trial.Configuration} seed {trial.Seed}: {outcome} ({Duration(seconds)})");
    }

    // "472 epochs" of a trial limited to 200 were its attempts' together: say so.
    private static string Epochs(TrialOutcome? outcome) => outcome is null ? "" :
        outcome.Attempts > 1 ? $"{outcome.Epochs} epochs in {outcome.Attempts} attempts" : $"{outcome.Epochs} epochs";

    // A small net's trial takes milliseconds, which "0.0 s" hid.
    private static string Duration(double seconds) => seconds < 1
        ? $"{(seconds * 1000).ToString("0", CultureInfo.InvariantCulture)} ms" : $"{seconds.ToString("0.0", CultureInfo.InvariantCulture)} s";

    private void Paint()
    {
        _console!.Live(Render()).AutoClear(false).Start(context =>
        {
            while (!_done)
            {
                Thread.Sleep(100);
                context.UpdateTarget(Render());
            }
            context.UpdateTarget(Render());
        });
    }

    private IRenderable Render()
    {
        var c = _store.Counts(_study);
        int finished = c.Complete + c.Pruned + c.Failed + c.Diverged;
        double fraction = c.Total == 0 ? 0 : finished / (double)c.Total;
        var table = new Table().Border(TableBorder.Rounded).Expand()
            .AddColumn("running trial").AddColumn("experiment").AddColumn("configuration").AddColumn(new TableColumn("seed").RightAligned()).AddColumn(new TableColumn("time").RightAligned());
        lock (_lock)
            foreach (var (t, clock) in _running.Values.OrderBy(r => r.Trial.Id))
                table.AddRow(t.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(t.Experiment), Markup.Escape(t.Configuration),
                    t.Seed.ToString(CultureInfo.InvariantCulture), $"{clock.Elapsed.TotalSeconds:0.0} s");
        string bar = new string('█', (int)(fraction * 30)) + new string('░', 30 - (int)(fraction * 30));
        var best = _best;
        return new Rows(
            new Markup($"[bold]{finished}/{c.Total}[/] trials {bar} {fraction:P0}  ({c.Complete} complete, {c.Pruned} pruned, {c.Diverged} diverged, {c.Failed} failed)  {_clock.Elapsed:mm\\:ss}"),
            table,
            new Markup(best is null ? "[grey]best so far: none yet[/]" : $"best so far: [green]{Markup.Escape(best)}[/]"));
    }

    /// <summary>Each experiment's leading configuration, from the store (a few hundred rows: cheap at ten redraws a second).</summary>
    private string? BestSoFar()
    {
        var trials = _store.Trials(_study);
        var leaders = trials.GroupBy(t => t.Experiment).Select(g =>
        {
            var objective = _spec.Experiments.First(e => e.Name == g.Key).Objective;
            int round = g.Max(t => t.Round);
            var top = Leaderboard.Rank(g.Where(t => t.Round == round), objective).FirstOrDefault(s => s.Bad == 0 && s.Objective.Count > 0);
            return top is null ? null : $"{g.Key}: {top.Configuration} ({StudyAnalysis.ObjectiveName(objective)} {FindingCheck.F(top.Objective.Mean)})";
        }).Where(s => s is not null).ToArray();
        return leaders.Length == 0 ? null : string.Join("; ", leaders);
    }

    public void Finish()
    {
        _done = true;
        _painter?.Join();
    }

    public void Dispose() => Finish();

    private static string N(double? v) => v is double d ? d.ToString("0.0000", CultureInfo.InvariantCulture) : "-";
}
