using TinyNets.Data;
using TinyNets.Data.Generators;
using TinyNets.Diagnostics;
using TinyNets.Initializers;
using TinyNets.Losses;
using TinyNets.Models;
using TinyNets.Optimizers;
using TinyNets.Randomness;
using TinyNets.Training;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace TinyNets.Tests;

/// <summary>The README's library example runs, and the README shows it as it is here.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void The_library_example_trains_records_and_diagnoses()
    {
        var output = new StringWriter();
        // README example begins
        var seed = new RunSeed(42);
        var data = Targets.OneHot(DatasetCatalog.Generate("gaussians", new GeneratorRequest(Points: 700, Classes: 5), seed));
        var split = Splitter.Split(data, SplitFractions.Parse("0.8,0.2,0"), seed.Split());
        var model = new ModelSpec([2, 4, 12, 4, 5], activation: "relu", output: "softmax").Build();
        WeightInit.Apply(model, "he-uniform", seed.Init());
        var trainer = new Trainer(model, new MeanSquaredError(), new Adam(model.Parameters, new AdamOptions { LearningRate = 0.02 }),
            new TrainerOptions { BatchSize = 64, Epochs = 200 }, seed.Shuffle());
        using var recorder = new StepRecorder(model);   // the debugger: every step's gradient and weight norms, update ratios, dead units
        trainer.AddObserver(recorder);
        var history = trainer.Fit(split.Train, split.Validation);

        output.WriteLine($"validation loss {history.Epochs[^1].ValidationLoss:F4}, accuracy {history.Epochs[^1].ValidationAccuracy:P1}");
        foreach (var key in new[] { "0.weight", "2.weight", "4.weight", "6.weight" })   // the Linear layers' state-dict keys
            output.WriteLine($"{key}: mean gradient norm {recorder.Column($"{key}.grad_norm").Average():G3}");
        foreach (var finding in Diagnoser.Diagnose(RunTrace.From(recorder, history.Epochs, init: "he-uniform")))
            output.WriteLine($"{finding.Severity}: {finding.Explanation} {finding.Fix}");
        // README example ends

        string text = output.ToString();
        Assert.Matches(@"^validation loss 0\.\d{4}, accuracy \d+\.\d %\n", text);
        Assert.Equal(200 * 9, recorder.Count);   // 560 training rows in batches of 64: 9 steps an epoch
        Assert.True(history.Epochs[^1].ValidationAccuracy > 0.8, text);
        // The README shows the code above and what it printed.
        string readme = File.ReadAllText(Path.Combine(Studies.StudySpecTests.RepositoryRoot(), "README.md"));
        int start = readme.IndexOf("```csharp\n", readme.IndexOf("## The library", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains(Example().Replace("output.WriteLine", "Console.WriteLine") + "\n```\n", readme[start..]);
        int shown = readme.IndexOf("```text\n", start, StringComparison.Ordinal) + "```text\n".Length;
        AssertSameUpToRounding(readme[shown..readme.IndexOf("```", shown, StringComparison.Ordinal)], text.Replace("\r\n", "\n"));
    }

    // The same words, and numbers within 5% where the kernels take 256- or 512-bit vectors (both give these numbers);
    // without them the sums run in another order, and 1,800 steps of Adam carry that to another trajectory.
    private static void AssertSameUpToRounding(string expected, string actual)
    {
        const string Number = @"\d+(\.\d+)?";
        Assert.Equal(Regex.Replace(expected, Number, "#"), Regex.Replace(actual, Number, "#"));
        if (!System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) return;
        var pairs = Regex.Matches(expected, Number).Zip(Regex.Matches(actual, Number));
        foreach (var (e, a) in pairs)
        {
            double x = double.Parse(e.Value, CultureInfo.InvariantCulture), y = double.Parse(a.Value, CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(x - y) <= 0.05 * Math.Abs(x), $"{e.Value} shown, {a.Value} printed:\n{actual}");
        }
    }

    // The lines between the markers above, as the README shows them (without the method's indentation).
    private static string Example()
    {
        string test = File.ReadAllText(Path.Combine(Studies.StudySpecTests.RepositoryRoot(), "tests", "TinyNets.Tests", "ReadmeExampleTests.cs"));
        int begin = test.IndexOf("// README example begins\n", StringComparison.Ordinal) + "// README example begins\n".Length;
        return string.Join("\n", test[begin..test.IndexOf("        // README example ends", StringComparison.Ordinal)]
            .TrimEnd('\n').Split('\n').Select(line => line.Length >= 8 ? line[8..] : line.TrimStart()));
    }
}
