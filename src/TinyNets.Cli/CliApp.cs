using Spectre.Console;
using Spectre.Console.Cli;
using TinyNets.Cli.Commands;
using TinyNets.Cli.Commands.Study;

namespace TinyNets.Cli;

/// <summary>
/// The <c>tinynets</c> command line. User mistakes (bad flags, bad files) print one line on standard error and exit 2;
/// a diverged training exits 3; nothing a user can cause prints a stack trace.
/// </summary>
public static class CliApp
{
    public const int UserError = 2;
    public const int Diverged = 3;

    /// <summary>Runs the command line in-process; tests call this with their own writers.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken interrupt = default)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("tinynets");
            config.SetApplicationVersion(typeof(CliApp).Assembly.GetName().Version?.ToString(3) ?? "0");
            config.PropagateExceptions();
            config.Settings.StrictParsing = true;   // an unknown flag is a mistake, not a remaining argument
            // The README's first command and a single run first; the commands' own examples follow in their help.
            config.AddExample("study", "run", "examples/classic-study.yaml");
            config.AddExample("train", "--dataset", "xor");
            config.AddExample("train", "--data", "iris.csv", "--out", "runs/iris");
            config.AddExample("predict", "--model", "runs/iris", "--data", "new.csv", "--out", "predictions.csv");
            config.AddExample("compare", "runs/sgd", "runs/adam");
            config.Settings.Registrar.RegisterInstance(new CliOutput(output, error, interrupt));
            config.Settings.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            config.AddCommand<TrainCommand>("train")
                .WithDescription("Train a network on a built-in data set or a CSV file, with early stopping and restarts.")
                .WithExample("train", "--dataset", "xor");
            config.AddCommand<PredictCommand>("predict")
                .WithDescription("Predict with a saved model: labels and class probabilities.")
                .WithExample("predict", "--model", "runs/iris", "--data", "new.csv", "--out", "predictions.csv");
            config.AddCommand<EvaluateCommand>("evaluate")
                .WithDescription("Loss and accuracy of a saved model on labelled data.")
                .WithExample("evaluate", "--model", "runs/iris", "--data", "test.csv");
            config.AddCommand<ReportCommand>("report")
                .WithDescription("Regenerate a run folder's report.html (with --images, every chart also as PNG and SVG).")
                .WithExample("report", "runs/spiral")
                .WithExample("report", "runs/spiral", "--images");
            config.AddCommand<CompareCommand>("compare")
                .WithDescription("Overlay several runs (SGD against Adam, Xavier against He, ...) in one report.")
                .WithExample("compare", "runs/sgd", "runs/adam", "--out", "sgd-vs-adam.html");
            config.AddCommand<DataCommand>("data")
                .WithDescription("Generate a built-in data set and write it as CSV.")
                .WithExample("data", "spiral", "--points", "1000", "--classes", "3", "--out", "spiral.csv");
            config.AddBranch("study", study =>
            {
                study.SetDescription("Hyperparameter studies: staged, grid, random or successive-halving searches, in parallel, stored and resumable.");
                study.AddCommand<StudyRunCommand>("run")
                    .WithDescription("Run a study spec (or continue it, when its folder exists).")
                    .WithExample("study", "run", "examples/classic-study.yaml");
                study.AddCommand<StudyResumeCommand>("resume")
                    .WithDescription("Continue a stopped or killed study from its folder.")
                    .WithExample("study", "resume", "studies/classic-study");
                study.AddCommand<StudyStatusCommand>("status")
                    .WithDescription("Trial counts and the best configurations of a study (also while it runs).")
                    .WithExample("study", "status", "studies/classic-study", "--json");
                study.AddCommand<StudyReportCommand>("report")
                    .WithDescription("Regenerate a study's report.html and best/ models.")
                    .WithExample("study", "report", "studies/classic-study");
            });
            config.AddCommand<BenchCommand>("bench")
                .WithDescription("Time training steps of the benchmark workloads (compare with bench/pytorch_peer.py).")
                .WithExample("bench", "--workload", "gauss5");
        });
        try
        {
            return app.Run(args);
        }
        // A file or folder that cannot be created, read or written (an --out that is a file, a read-only folder, a full
        // disk) is the environment's answer to what the user asked: one line too, not a stack trace.
        catch (Exception e) when (e is CommandAppException or TinyNetsException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"tinynets: error: {OptionValueError.Explain(e.Message, args) ?? OneLine(e.Message)}");
            return UserError;
        }
    }

    private static string OneLine(string message) => string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>Where commands write, so tests can capture it, and the Ctrl-C signal.</summary>
public sealed record CliOutput(TextWriter Out, TextWriter Error, CancellationToken Interrupt = default);
