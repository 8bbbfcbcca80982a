using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TinyNets.Serialization;
using Xunit;

namespace TinyNets.Tests.Cli;

public sealed class TrainCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private CliRunner.Result Train(string folder, params string[] args) => CliRunner.Run(["train", .. args, "--out", _dir.File(folder)]);

    private JsonElement Summary(string folder) => JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir.File(folder), "summary.json"))).RootElement;

    private byte[] Weights(string folder) => File.ReadAllBytes(Path.Combine(_dir.File(folder), "model.safetensors"));

    private string Csv(string name, string content)
    {
        File.WriteAllText(_dir.File(name), content);
        return _dir.File(name);
    }

    [Fact]
    public void Xor_run_prints_the_loss_every_100_epochs_and_ends_below_001()
    {
        var result = Train("xor", "--dataset", "xor");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        var lossLines = result.Out.Split('\n').Where(l => l.StartsWith("epoch")).ToArray();
        Assert.Equal(10, lossLines.Length);
        Assert.StartsWith("epoch    100", lossLines[0]);
        double final = double.Parse(lossLines[^1].Split("loss")[1], CultureInfo.InvariantCulture);
        Assert.True(final < 0.01, $"final XOR loss {final}");
        Assert.Contains("Linear(2, 4) ReLU Linear(4, 1) Sigmoid", result.Out);
        Assert.Equal(1.0, Summary("xor").GetProperty("train_accuracy").GetDouble());
        // No validation split: early stopping watched the training loss, and the summary says so.
        Assert.Equal("train-loss", Summary("xor").GetProperty("monitor").GetString());
    }

    [Fact]
    public void The_run_folder_has_every_file_and_the_model_predicts_what_train_printed()
    {
        var result = Train("run", "--dataset", "xor", "--epochs", "200");
        Assert.Equal(["config.yaml", "findings.json", "initial.safetensors", "metrics.csv", "model.json", "model.safetensors", "report.html", "snapshots.safetensors", "steps.csv", "summary.json"],
            Directory.GetFiles(_dir.File("run")).Select(Path.GetFileName).Order());
        var (spec, model) = ModelFile.Load(_dir.File("run"));
        Assert.Equal([2, 4, 1], spec.Sizes);
        foreach (var p in model.Predict([0, 0, 0, 1, 1, 0, 1, 1], 4))
            Assert.Contains($"-> {p.ToString("R", CultureInfo.InvariantCulture)} ", result.Out);
        var summary = Summary("run");
        foreach (var key in new[] { "train_loss", "val_loss", "test_loss", "train_accuracy", "val_accuracy", "test_accuracy",
                     "epochs_run", "best_epoch", "attempts", "winning_attempt", "steps", "train_seconds", "seed" })
            Assert.True(summary.TryGetProperty(key, out _), $"summary.json lacks {key}");
        var metrics = File.ReadAllLines(_dir.File("run/metrics.csv"));
        Assert.Equal("attempt,epoch,steps,lr,train_loss,train_accuracy,val_loss,val_accuracy,test_loss,test_accuracy", metrics[0]);
        Assert.Equal(201, metrics.Length);
        var steps = File.ReadAllLines(_dir.File("run/steps.csv"));
        Assert.Equal("attempt,epoch,step,loss,lr,0.weight.grad_norm,0.weight.norm,0.weight.update_ratio,0.bias.grad_norm,0.bias.norm,0.bias.update_ratio," +
            "2.weight.grad_norm,2.weight.norm,2.weight.update_ratio,2.bias.grad_norm,2.bias.norm,2.bias.update_ratio," +
            "1.act_mean,1.act_std,1.dead_fraction,1.saturated_fraction,3.act_mean,3.act_std,3.dead_fraction,3.saturated_fraction", steps[0]);
        Assert.Equal(201, steps.Length);   // one step per epoch: the four points are one batch
        Assert.Empty(Directory.GetFiles(_dir.File("run"), "*.tmp"));
    }

    [Fact]
    public void Same_seed_gives_identical_weight_bytes_and_the_saved_config_reproduces_them()
    {
        string[] args = ["--dataset", "spiral", "--points", "300", "--classes", "3", "--hidden", "16,8", "--dropout", "0.1", "--epochs", "40",
            "--patience", "5", "--restarts", "1", "--seed", "11"];
        Assert.Equal(0, Train("a", args).ExitCode);
        Assert.Equal(0, Train("b", args).ExitCode);
        Assert.Equal(Weights("a"), Weights("b"));
        Assert.Equal(0, Train("c", [.. args[..^1], "12"]).ExitCode);
        Assert.NotEqual(Weights("a"), Weights("c"));

        var again = CliRunner.Run("train", "--config", _dir.File("a/config.yaml"), "--out", _dir.File("d"));
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(Weights("a"), Weights("d"));
        Assert.Equal(File.ReadAllText(_dir.File("a/config.yaml")), File.ReadAllText(_dir.File("d/config.yaml")));
        // What the optimizer's defaults were, as comments: the values stay null, so another --optimizer gets its own.
        Assert.Contains("weight-decay: null   # adamw's default, 0.1\n", File.ReadAllText(_dir.File("a/config.yaml")));
        Assert.Contains("eps: null   # adamw's default, 1E-08\n", File.ReadAllText(_dir.File("a/config.yaml")));
    }

    [Fact]
    public void Config_yaml_records_a_relative_data_path_as_absolute_and_the_report_reads_it()
    {
        var csv = Csv("table.csv", "a,b,label\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"{i % 4 / 2},{i % 2},{(i % 4 is 1 or 2 ? "y" : "x")}\n")));
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, csv);
        Assert.False(Path.IsPathRooted(relative));

        Assert.Equal(0, Train("rel", "--data", relative, "--epochs", "3", "--restarts", "0").ExitCode);

        var lines = File.ReadAllLines(_dir.File("rel/config.yaml"));
        Assert.Contains($"data: {Path.GetFullPath(csv)}", lines);
        var report = CliRunner.Run("report", _dir.File("rel"));
        Assert.Equal(0, report.ExitCode);

        // A hand-edited metrics.csv with a word where a number goes: one line naming the place, not a stack trace.
        string metrics = _dir.File("rel/metrics.csv");
        var rows = File.ReadAllLines(metrics);
        rows[2] = rows[2][..rows[2].IndexOf(',')] + ",oops" + rows[2][rows[2].IndexOf(',', rows[2].IndexOf(',') + 1)..];
        File.WriteAllLines(metrics, rows);
        var edited = CliRunner.Run("report", _dir.File("rel"));
        Assert.Equal(2, edited.ExitCode);
        Assert.Equal($"tinynets: error: {metrics}:3:3: 'epoch' expects a number, got 'oops'", edited.Error.Trim());
        File.WriteAllLines(metrics, File.ReadAllLines(metrics).Select((l, i) => i == 2 ? rows[2].Replace(",oops", ",2") : l));

        // The same for its JSON files.
        string summary = _dir.File("rel/summary.json"), findings = _dir.File("rel/findings.json");
        string kept = File.ReadAllText(summary);
        File.WriteAllText(summary, "{ bad");
        Assert.Equal($"tinynets: error: {summary}:1:3: not valid JSON: 'b' is an invalid start of a property name. Expected a '\"'.",
            CliRunner.Run("report", _dir.File("rel")).Error.Trim());
        File.WriteAllText(summary, kept);
        // findings.json is the diagnoses' output, which report and compare make again from the recorded steps; without
        // them, compare reads it as it is.
        File.WriteAllText(findings, "[{\"rule\": 3}]");
        File.Move(_dir.File("rel/steps.csv"), _dir.File("steps.csv"));
        var wrong = CliRunner.Run("compare", _dir.File("rel"), _dir.File("rel"), "--out", _dir.File("c.html"));
        Assert.Equal(2, wrong.ExitCode);
        Assert.StartsWith($"tinynets: error: {findings}: not laid out as TinyNets writes it", wrong.Error);
        Assert.DoesNotContain("   at ", wrong.Error);
        File.Move(_dir.File("steps.csv"), _dir.File("rel/steps.csv"));
        Assert.Equal(0, CliRunner.Run("report", _dir.File("rel")).ExitCode);
        Assert.StartsWith("[", File.ReadAllText(findings));
        Assert.Equal(0, CliRunner.Run("compare", _dir.File("rel"), _dir.File("rel"), "--out", _dir.File("c.html")).ExitCode);
        string model = _dir.File("rel/model.json");
        File.WriteAllText(model, File.ReadAllText(model)[..40]);
        Assert.StartsWith($"tinynets: error: {model}:", CliRunner.Run("predict", "--model", _dir.File("rel"), "--data", csv).Error);
        Assert.Matches(@"^tinynets: error: \S+model.json:\d+:\d+: not valid JSON: [^\n]*[^)]\.\n$", CliRunner.Run("report", _dir.File("rel")).Error);   // no parser position or path after it

        // A folder that is not a run folder is named as such, as compare names it.
        var notRun = CliRunner.Run("report", _dir.Path);
        Assert.Equal(2, notRun.ExitCode);
        Assert.EndsWith($"config.yaml: no such file (is {_dir.Path} a run folder?)", notRun.Error.Trim());
    }

    [Fact]
    public void Restarts_recover_a_net_stuck_on_a_plateau()
    {
        // 2-2-1 ReLU on XOR, seed 5: both hidden units die and the loss sits at 0.25 (50% accuracy).
        Assert.Equal(0, Train("stuck", "--dataset", "xor", "--layers", "2,2,1", "--seed", "5").ExitCode);
        Assert.Equal(0.5, Summary("stuck").GetProperty("train_accuracy").GetDouble());
        Assert.Contains("\"rule\": \"loss-plateau\"", File.ReadAllText(_dir.File("stuck/findings.json")));   // the diagnoses saw it
        // report diagnoses the folder again, by today's rules, and finds what training found, to the byte.
        string found = File.ReadAllText(_dir.File("stuck/findings.json"));
        File.WriteAllText(_dir.File("stuck/findings.json"), "[]\n");   // as if written before the rule existed
        Assert.Equal(0, CliRunner.Run("report", _dir.File("stuck")).ExitCode);
        Assert.Equal(found, File.ReadAllText(_dir.File("stuck/findings.json")));
        Assert.Contains("loss-plateau", File.ReadAllText(_dir.File("stuck/report.html")));

        Assert.Equal(0, Train("restarted", "--dataset", "xor", "--layers", "2,2,1", "--seed", "5", "--restarts", "10", "--target-accuracy", "1").ExitCode);
        var summary = Summary("restarted");
        Assert.Equal(1.0, summary.GetProperty("train_accuracy").GetDouble());
        var attempts = summary.GetProperty("attempts").EnumerateArray().ToArray();
        Assert.True(attempts.Length > 1);
        Assert.True(attempts[0].GetProperty("stopped_early").GetBoolean());
        Assert.Equal(attempts.Length - 1, summary.GetProperty("winning_attempt").GetInt32());
        var metrics = File.ReadAllLines(_dir.File("restarted/metrics.csv")).Skip(1).Select(l => l.Split(',')[0]).Distinct().Count();
        Assert.Equal(attempts.Length, metrics);   // every attempt's curve is kept
    }

    [Fact]
    public void A_csv_with_text_labels_trains_and_predict_returns_the_labels()
    {
        var lines = new List<string> { "width,height,kind" };
        var random = new Randomness.RandomStream(3);
        for (int i = 0; i < 150; i++)
        {
            int k = i % 3;
            lines.Add(FormattableString.Invariant($"{k * 3 + random.Normal(0, 0.5)},{k * -2 + random.Normal(0, 0.5)},{new[] { "ant", "bee", "cat" }[k]}"));
        }
        string data = Csv("kinds.csv", string.Join("\n", lines) + "\n");
        var result = Train("kinds", "--data", data, "--epochs", "60");
        Assert.Equal(0, result.ExitCode);
        Assert.True(Summary("kinds").GetProperty("test_accuracy").GetDouble() > 0.9);

        var predicted = CliRunner.Run("predict", "--model", _dir.File("kinds"), "--data", data, "--out", _dir.File("p.csv"));
        Assert.Equal(0, predicted.ExitCode);
        var rows = File.ReadAllLines(_dir.File("p.csv"));
        Assert.Equal("prediction,p_ant,p_bee,p_cat", rows[0]);
        Assert.Equal(151, rows.Length);
        Assert.True(rows.Skip(1).Select((r, i) => r.Split(',')[0] == new[] { "ant", "bee", "cat" }[i % 3]).Count(x => x) > 140);
        var evaluated = CliRunner.Run("evaluate", "--model", _dir.File("kinds"), "--data", data);
        Assert.Equal(0, evaluated.ExitCode);
        Assert.Contains("150 rows, cross-entropy loss", evaluated.Out);
        Assert.True(double.Parse(evaluated.Out.Split("accuracy ")[1], CultureInfo.InvariantCulture) > 0.9, evaluated.Out);
        // A test file of one class is evaluated against the model's three (it was refused as "a single class").
        string bees = Csv("bees.csv", string.Join("\n", lines.Where((l, i) => i == 0 || l.EndsWith(",bee"))) + "\n");
        var oneClass = CliRunner.Run("evaluate", "--model", _dir.File("kinds"), "--data", bees);
        Assert.True(oneClass.ExitCode == 0, oneClass.Error);
        Assert.Contains("50 rows, cross-entropy loss", oneClass.Out);
    }

    [Fact]
    public void A_regression_target_in_the_hundred_thousands_trains_on_its_standardized_values_and_predicts_in_its_own()
    {
        // House prices: 50,000 + 20,000 a room + 1,500 a square metre, noise of std 10,000. On the raw prices the net's
        // output, starting near 0 and moving by about the learning rate a step, never got near them (test MSE 8e10).
        var random = new Randomness.RandomStream(3);
        var rows = Enumerable.Range(0, 400).Select(_ =>
        {
            int rooms = 1 + (int)(random.NextDouble() * 6);
            double area = 30 + 170 * random.NextDouble();
            return FormattableString.Invariant($"{rooms},{area:F1},{50_000 + 20_000 * rooms + 1_500 * area + random.Normal(0, 10_000):F0}");
        }).ToList();
        string houses = Csv("houses.csv", "rooms,area,price\n" + string.Join("\n", rows) + "\n");
        var run = Train("houses", "--data", houses, "--restarts", "0");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("mse loss on the standardized target", run.Out);
        Assert.Matches(@"note: the values of price are large \(about \d\.\d+E\+05, std \d\.\d+E\+04\) for a net's output, which starts near 0: " +
            "trained on it standardized, so losses are in units of its variance; --no-standardize trains on the raw values", run.Out);
        double rmse = double.Parse(System.Text.RegularExpressions.Regex.Match(run.Out, @"test rmse (\d+) \(price\)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(rmse, 5_000, 20_000);   // about the noise
        Assert.Equal(rmse, Math.Round(Summary("houses").GetProperty("test_rmse").GetDouble()));   // summary.json keeps it
        Assert.Equal(JsonValueKind.Number, Summary("houses").GetProperty("val_rmse").ValueKind);
        Assert.Contains("\"target_mean\"", File.ReadAllText(_dir.File("houses/model.json")));
        // report DIR standardizes the rows with model.json's statistics, as the model was trained: the same page.
        string page = File.ReadAllText(_dir.File("houses/report.html"));
        Assert.Equal(0, CliRunner.Run("report", _dir.File("houses")).ExitCode);
        Assert.Equal(page, File.ReadAllText(_dir.File("houses/report.html")));
        Assert.Contains("00,000", Reporting.SvgText.Figure(page, "predicted-vs-actual"));   // prices on the axes, not standard units
        // A folder trained before large targets were standardized has none in model.json: its rows are not standardized
        // either, so its chart still reads in prices (a fresh fit would have put the truth in standard units).
        string model = _dir.File("houses/model.json"), saved = File.ReadAllText(model);
        var old = JsonNode.Parse(saved)!;
        old["standardization"]!.AsObject().Remove("target_mean");
        old["standardization"]!.AsObject().Remove("target_std");
        File.WriteAllText(model, old.ToJsonString());
        Assert.Equal(0, CliRunner.Run("report", _dir.File("houses")).ExitCode);
        string truth = Reporting.SvgText.Figure(File.ReadAllText(_dir.File("houses/report.html")), "predicted-vs-actual");
        Assert.Contains("00,000", truth);
        File.WriteAllText(model, saved);

        // predict answers in prices, evaluate in both units.
        var predicted = CliRunner.Run("predict", "--model", _dir.File("houses"), "--data", houses).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("predicted_price", predicted[0]);
        double meanError = rows.Select((r, i) => Math.Abs(double.Parse(predicted[i + 1], CultureInfo.InvariantCulture) -
            double.Parse(r.Split(',')[2], CultureInfo.InvariantCulture))).Average();
        Assert.InRange(meanError, 4_000, 16_000);
        var evaluated = CliRunner.Run("evaluate", "--model", _dir.File("houses"), "--data", houses);
        Assert.Matches(@"houses.csv: 400 rows, mse loss on the standardized target 0\.0\d+, rmse \d+ \(price\)", evaluated.Out);

        // A target a net's output reaches (plane's, within ±1.2) trains on its own values, as before.
        var plane = Train("plane", "--dataset", "plane", "--restarts", "0", "--epochs", "5");
        Assert.Matches(@"\n  test rmse 0\.\d+ \(target\)\n", plane.Out);   // every regression says its error in its target's units
        Assert.DoesNotContain("target_mean", File.ReadAllText(_dir.File("plane/model.json")));
        // --no-standardize trains on the prices themselves, as a plain PyTorch loop would.
        Assert.Equal(0, Train("raw", "--data", houses, "--restarts", "0", "--epochs", "5", "--no-standardize").ExitCode);
        Assert.DoesNotContain("target_mean", File.ReadAllText(_dir.File("raw/model.json")));
        // compare reads the two in the target's units, where their losses are in different ones.
        Assert.Equal(0, CliRunner.Run("compare", _dir.File("houses"), _dir.File("raw"), "--out", _dir.File("houses.html")).ExitCode);
        Assert.Contains("<th>test rmse</th>", File.ReadAllText(_dir.File("houses.html")));
        string cheap = Csv("cheap.csv", "rooms,area,price\n2,100,cheap\n");   // evaluate takes the model's task: no --task to offer
        Assert.Equal($"tinynets: error: {cheap}:2:7: 'cheap' in target column 'price' is not a number; regression needs numbers",
            CliRunner.Run("evaluate", "--model", _dir.File("houses"), "--data", cheap).Error.Trim());
        var raw = CliRunner.Run("evaluate", "--model", _dir.File("raw"), "--data", houses).Out;
        Assert.DoesNotContain("standardized target", raw);
        Assert.Matches(@"houses.csv: 400 rows, mse loss \S+, rmse \d+ \(price\)", raw);
    }

    [Fact]
    public void A_pandas_index_column_is_left_out_as_row_labels_in_train_predict_and_evaluate()
    {
        // df.to_csv("file.csv") writes the index first, under an empty name: a row number, not a feature.
        var random = new Randomness.RandomStream(6);
        var rows = Enumerable.Range(0, 120).Select(i => FormattableString.Invariant(
            $"{i % 2 * 3 + random.Normal(0, 0.5)},{random.Normal(0, 0.5)},{(i % 2 == 0 ? "no" : "yes")}")).ToList();
        string indexed = Csv("indexed.csv", ",size,noise,answer\n" + string.Join("\n", rows.Select((r, i) => $"{i},{r}")) + "\n");
        string plain = Csv("plain.csv", "size,noise,answer\n" + string.Join("\n", rows) + "\n");
        var run = Train("indexed", "--data", indexed, "--epochs", "20", "--restarts", "0");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("note: the first column of indexed.csv has no name in its header: read as row labels", run.Out);
        Assert.Contains("\"features\": [\n    \"size\",\n    \"noise\"\n  ]", File.ReadAllText(_dir.File("indexed/model.json")));
        // The same rows without the index train the same net, and predict and evaluate read either file alike.
        Assert.Equal(0, Train("plain", "--data", plain, "--epochs", "20", "--restarts", "0").ExitCode);
        Assert.Equal(File.ReadAllBytes(_dir.File("plain/model.safetensors")), File.ReadAllBytes(_dir.File("indexed/model.safetensors")));
        Assert.Equal(CliRunner.Run("predict", "--model", _dir.File("indexed"), "--data", plain).Out,
            CliRunner.Run("predict", "--model", _dir.File("indexed"), "--data", indexed).Out);
        Assert.Equal(CliRunner.Run("evaluate", "--model", _dir.File("indexed"), "--data", plain).Out.Split(": ")[1],
            CliRunner.Run("evaluate", "--model", _dir.File("indexed"), "--data", indexed).Out.Split(": ")[1]);
        Assert.DoesNotContain("note:", CliRunner.Run("train", "--data", plain, "--epochs", "2", "--out", _dir.File("p2")).Out);

        // An index with a name (df.index.name = "id") is a column like any other, and a feature unless left out: train
        // notes that it counts the rows.
        string named = Csv("id.csv", "id,size,noise,answer\n" + string.Join("\n", rows.Select((r, i) => $"{i + 1},{r}")) + "\n");
        var counted = Train("id", "--data", named, "--epochs", "2");
        Assert.Contains("note: the column id of id.csv counts the rows (its values go up by 1 from each row to the next): " +
            "if it is an id or an index, not a feature, --features lists the columns to learn from", counted.Out);
        Assert.DoesNotContain("note:", Train("id-left-out", "--data", named, "--features", "size,noise", "--epochs", "2").Out);
    }

    [Fact]
    public void A_csv_without_a_header_trains_predicts_and_evaluates_with_no_header()
    {
        var random = new Randomness.RandomStream(5);
        var rows = Enumerable.Range(0, 120).Select(i => FormattableString.Invariant(
            $"{i % 2 * 3 + random.Normal(0, 0.5)},{random.Normal(0, 0.5)},{(i % 2 == 0 ? "no" : "yes")}")).ToList();
        string bare = Csv("bare.csv", string.Join("\n", rows) + "\n");
        string named = Csv("named.csv", "size,noise,answer\n" + string.Join("\n", rows) + "\n");

        // Read with a header, the first row becomes the column names and is lost: train says so.
        var guessed = Train("guessed", "--data", bare, "--epochs", "3");
        Assert.Equal(0, guessed.ExitCode);
        Assert.Contains($"note: the first line of bare.csv ({rows[0]}) was read as column names; if it is data, --no-header reads it as such", guessed.Out);
        Assert.DoesNotContain("note:", Train("quiet-named", "--data", named, "--epochs", "3").Out);

        var bareRun = Train("bare", "--data", bare, "--no-header", "--epochs", "30");
        Assert.Equal(0, bareRun.ExitCode);
        Assert.DoesNotContain("note:", bareRun.Out);
        var summary = Summary("bare").GetProperty("rows");
        Assert.Equal(120, new[] { "train", "validation", "test" }.Sum(p => summary.GetProperty(p).GetInt32()));
        Assert.Contains("header: false\n", File.ReadAllText(_dir.File("bare/config.yaml")));
        Assert.Contains("\"features\": [\n    \"c0\",\n    \"c1\"\n  ]", File.ReadAllText(_dir.File("bare/model.json")));
        Assert.Equal(0, Train("again", "--config", _dir.File("bare/config.yaml")).ExitCode);   // config.yaml keeps it
        Assert.Equal(File.ReadAllBytes(_dir.File("bare/model.safetensors")), File.ReadAllBytes(_dir.File("again/model.safetensors")));

        // A model trained without a header finds its columns by position, c0, c1, ...
        var evaluated = CliRunner.Run("evaluate", "--model", _dir.File("bare"), "--data", bare, "--no-header");
        Assert.True(evaluated.ExitCode == 0, evaluated.Error);
        Assert.Contains("120 rows", evaluated.Out);
        // A model trained with a header reads a file without one as its features in order, then its target.
        Assert.Equal(0, Train("named", "--data", named, "--epochs", "30").ExitCode);
        var byName = CliRunner.Run("evaluate", "--model", _dir.File("named"), "--data", named);
        var byPosition = CliRunner.Run("evaluate", "--model", _dir.File("named"), "--data", bare, "--no-header");
        Assert.Equal(byName.Out.Split(": ")[1], byPosition.Out.Split(": ")[1]);
        Assert.Equal(CliRunner.Run("predict", "--model", _dir.File("named"), "--data", named).Out,
            CliRunner.Run("predict", "--model", _dir.File("named"), "--data", bare, "--no-header").Out);
        var forgot = CliRunner.Run("predict", "--model", _dir.File("named"), "--data", bare);
        Assert.Equal(2, forgot.ExitCode);
        Assert.EndsWith("; if the first line is data, not a header, --no-header reads it as data\n", forgot.Error);
    }

    [Fact]
    public void Columns_of_words_train_as_categories_and_predict_and_evaluate_read_them_by_the_model_s_values()
    {
        // A Titanic-like table: survival depends on sex and class; the port does not matter. It stopped at 'male' is not a number.
        var random = new Randomness.RandomStream(4);
        var rows = Enumerable.Range(0, 300).Select(_ =>
        {
            bool female = random.NextDouble() < 0.5;
            int klass = 1 + (int)(random.NextDouble() * 3);
            string port = new[] { "S", "C", "Q" }[(int)(random.NextDouble() * 3)];
            double p = (female ? 0.8 : 0.2) + (2 - klass) * 0.1;
            return FormattableString.Invariant($"{1 + 69 * random.NextDouble():F1},{(female ? "female" : "male")},{klass},{port},{(random.NextDouble() < p ? 1 : 0)}");
        }).ToList();
        string titanic = Csv("titanic.csv", "age,sex,class,port,survived\n" + string.Join("\n", rows) + "\n");
        var run = Train("titanic", "--data", titanic, "--restarts", "0", "--epochs", "60");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("note: sex, port of titanic.csv hold words: read as categories, one 0/1 input per value (sex=female, sex=male, port=C, port=Q, port=S)", run.Out);
        Assert.Contains("Linear(7, 64)", run.Out);
        var (file, _) = ModelFile.LoadFile(_dir.File("titanic"));
        Assert.Equal(["age", "sex=female", "sex=male", "class", "port=C", "port=Q", "port=S"], file.Features!);
        Assert.Equal(["C", "Q", "S"], file.Categories!["port"]);
        Assert.True(Summary("titanic").GetProperty("test_accuracy").GetDouble() > 0.7);

        // predict and evaluate read the columns by name, in any order, with the model's values; one it does not know is refused.
        string reordered = Csv("reordered.csv", "port,class,sex,age\n" + string.Join("\n", rows.Select(r => r.Split(',')).Select(f => $"{f[3]},{f[2]},{f[1]},{f[0]}")) + "\n");
        string predictions = CliRunner.Run("predict", "--model", _dir.File("titanic"), "--data", titanic).Out;
        Assert.StartsWith("prediction,p_0,p_1\n", predictions);
        Assert.Equal(predictions, CliRunner.Run("predict", "--model", _dir.File("titanic"), "--data", reordered).Out);
        string bare = Csv("bare.csv", string.Join("\n", rows) + "\n");   // no header: the model's columns in order
        Assert.Equal(predictions, CliRunner.Run("predict", "--model", _dir.File("titanic"), "--data", bare, "--no-header").Out);
        Assert.Matches(@"titanic.csv: 300 rows, bce loss \S+, accuracy 0\.[7-9]", CliRunner.Run("evaluate", "--model", _dir.File("titanic"), "--data", titanic).Out);
        string unknown = Csv("unknown.csv", "age,sex,class,port\n30,male,1,X\n");
        var refused = CliRunner.Run("predict", "--model", _dir.File("titanic"), "--data", unknown);
        Assert.Equal((2, $"tinynets: error: {unknown}:2:11: 'X' in column 'port' is not one of the categories the model was trained on (C, Q, S)"), (refused.ExitCode, refused.Error.Trim()));
        // A missing value is an error that names no --drop-invalid, which predict and evaluate do not have.
        string missing = Csv("missing.csv", "age,sex,class,port,survived\n30,NA,1,S,0\n");
        foreach (var verb in new[] { "predict", "evaluate" })
            Assert.Equal($"tinynets: error: {missing}:2:4: missing value in column 'sex'", CliRunner.Run(verb, "--model", _dir.File("titanic"), "--data", missing).Error.Trim());
    }

    [Fact]
    public void Features_leaves_out_a_column_that_is_not_one()
    {
        // A name column beside the features: there was no way to leave it out but editing the file.
        string data = Csv("people.csv", "name,x1,x2,label\n" + string.Concat(Enumerable.Range(0, 60).Select(i =>
            FormattableString.Invariant($"person{i},{i % 2 + i * 0.01},{i % 3 * 0.5},{i % 2}\n"))));
        var refused = Train("people-all", "--data", data);
        Assert.Equal(2, refused.ExitCode);
        // Words in a feature column are categories, but 60 names are not: one per row, they would only be memorized.
        Assert.EndsWith("people.csv:52:1: column 'name' has more than 50 distinct words: a name or an id rather than a category; " +
            "a column that is not a feature is left out by listing the others: --features\n", refused.Error);
        string few = Csv("few.csv", string.Join("\n", File.ReadAllLines(data).Take(31)) + "\n");
        Assert.EndsWith("few.csv: column 'name' has 30 distinct words in 30 rows, most rows a word of their own: a name or an id rather than a category; " +
            "a column that is not a feature is left out by listing the others: --features\n", Train("few", "--data", few).Error);
        var chosen = Train("people", "--data", data, "--features", "x1,x2", "--epochs", "3");
        Assert.True(chosen.ExitCode == 0, chosen.Error);
        Assert.Contains("Linear(2, 64)", chosen.Out);
        Assert.Contains("features: 'x1,x2'\n", File.ReadAllText(_dir.File("people/config.yaml")));
        Assert.Equal(0, Train("people-again", "--config", _dir.File("people/config.yaml")).ExitCode);
        Assert.Equal(File.ReadAllBytes(_dir.File("people/model.safetensors")), File.ReadAllBytes(_dir.File("people-again/model.safetensors")));
        Assert.Equal(0, CliRunner.Run("predict", "--model", _dir.File("people"), "--data", data).ExitCode);   // by the model's feature names
        Assert.Contains("no column 'x3'", Train("people-x3", "--data", data, "--features", "x1,x3").Error);
    }

    [Fact]
    public void A_label_read_as_too_many_classes_is_noted()
    {
        // An age from 20 to 60: --task auto reads up to 50 distinct whole numbers as classes, silently until now.
        string ages = Csv("ages.csv", "x,age\n" + string.Concat(Enumerable.Range(0, 200).Select(i => FormattableString.Invariant($"{i / 200.0},{20 + i / 5}\n"))));
        var auto = Train("ages", "--data", ages, "--epochs", "2");
        Assert.Contains("  note: the label age holds 40 distinct whole numbers, read as 40 classes; if it is a quantity, --task regression predicts it as one\n", auto.Out);
        Assert.DoesNotContain("note:", Train("ages-r", "--data", ages, "--epochs", "2", "--task", "regression").Out);
        Assert.DoesNotContain("note:", Train("ages-c", "--data", ages, "--epochs", "2", "--task", "classification").Out);   // asked for
        Assert.DoesNotContain("note:", Train("digits", "--dataset", "gaussians", "--classes", "12", "--epochs", "2").Out);   // a built-in set's classes
        // A name in the label's place: a class per row. Split, it has no rows per class to spare; trained on every row, noted.
        string names = Csv("names.csv", "x,name\n" + string.Concat(Enumerable.Range(0, 40).Select(i => FormattableString.Invariant($"{i / 40.0},person{i}\n"))));
        Assert.Contains("is the label a name or an id? --label names the column to predict", Train("names", "--data", names).Error);
        Assert.Contains("  note: the label name has 40 classes among 40 rows, most rows a class of their own; if it is a name or an id, --label names the column to predict\n",
            Train("names-all", "--data", names, "--split", "1,0,0", "--epochs", "2").Out);
    }

    [Fact]
    public void Regression_csv_trains_with_mse_and_predicts_values()
    {
        var lines = new List<string> { "x,y" };
        for (int i = 0; i < 200; i++) lines.Add(FormattableString.Invariant($"{i / 100.0},{Math.Sin(i / 30.0)}"));
        string data = Csv("sine.csv", string.Join("\n", lines) + "\n");
        Assert.Equal(0, Train("sine", "--data", data, "--epochs", "100", "--activation", "tanh").ExitCode);
        var summary = Summary("sine");
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("test_accuracy").ValueKind);
        Assert.Equal("mse", summary.GetProperty("loss").GetString());
        var predicted = CliRunner.Run("predict", "--model", _dir.File("sine"), "--data", data);
        Assert.StartsWith("predicted_y\n", predicted.Out);
    }

    [Theory]
    [InlineData("sgd", "--momentum", "0.9", "--nesterov")]
    [InlineData("adamw", "--weight-decay", "0.05", "--betas", "0.8,0.99")]
    [InlineData("rmsprop", "--alpha", "0.9", "--momentum", "0.5")]
    [InlineData("adagrad", "--eps", "1e-8", "--clip-grad-norm", "1")]
    public void Every_optimizer_trains(string optimizer, params string[] more)
    {
        var result = Train(optimizer, ["--dataset", "gaussians", "--points", "300", "--epochs", "30", "--optimizer", optimizer, "--lr", "0.05", .. more]);
        Assert.Equal(0, result.ExitCode);
        Assert.True(Summary(optimizer).GetProperty("test_accuracy").GetDouble() > 0.8, result.Out);
    }

    // train's own choice (README, defaults experiment): AdamW with decay 0.1 when nothing is said; an optimizer named
    // without --weight-decay keeps no decay, except AdamW's 0.1; a decay given is used as given.
    [Theory]
    [InlineData(null, null, "adamw", 0.1)]
    [InlineData("adamw", null, "adamw", 0.1)]
    [InlineData("adamw", 0.01, "adamw", 0.01)]
    [InlineData("adam", null, "adam", 0.0)]
    [InlineData("sgd", null, "sgd", 0.0)]
    [InlineData("rmsprop", null, "rmsprop", 0.0)]
    [InlineData("adagrad", null, "adagrad", 0.0)]
    public void The_default_optimizer_is_adamw_with_weight_decay_01(string? optimizer, double? decay, string expected, double expectedDecay)
    {
        var config = new TinyNets.Cli.Commands.TrainSettings { Dataset = "moons", Optimizer = optimizer, WeightDecay = decay }.Resolve().Validate();
        var built = TinyNets.Runs.OptimizerFactory.Create(config, []);
        Assert.Equal(expected, built.Name);
        double actual = built switch
        {
            TinyNets.Optimizers.Adam a => a.Options.WeightDecay,
            TinyNets.Optimizers.Sgd s => s.Options.WeightDecay,
            TinyNets.Optimizers.RmsProp r => r.Options.WeightDecay,
            TinyNets.Optimizers.Adagrad g => g.Options.WeightDecay,
            _ => double.NaN,
        };
        Assert.Equal(expectedDecay, actual);
    }

    [Fact]
    public void Schedule_split_standardization_init_and_monitor_flags_take_effect()
    {
        Assert.Equal(0, Train("s", "--dataset", "moons", "--lr", "0.01", "--lr-schedule", "step:2:0.5", "--epochs", "6", "--no-early-stopping",
            "--split", "0.8,0.2,0", "--no-standardize", "--init", "he-normal", "--monitor", "val-accuracy", "--batch-size", "50").ExitCode);
        var lrs = File.ReadAllLines(_dir.File("s/metrics.csv")).Skip(1).Select(l => l.Split(',')[3]).ToArray();
        Assert.Equal(["0.01", "0.01", "0.005", "0.005", "0.0025", "0.0025"], lrs);
        var summary = Summary("s");
        Assert.Equal(400, summary.GetProperty("rows").GetProperty("train").GetInt32());
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("test_loss").ValueKind);
        Assert.Equal(6, summary.GetProperty("epochs_run").GetInt32());
        Assert.DoesNotContain("standardization", File.ReadAllText(_dir.File("s/model.json")));
        Assert.Contains("monitor: val-accuracy", File.ReadAllText(_dir.File("s/config.yaml")));

        // A cosine schedule over the whole run reaches its eta_min of 0 at the last epoch (it stopped with "lr must be > 0").
        var cosine = Train("c", "--dataset", "moons", "--lr-schedule", "cosine:4", "--epochs", "5", "--no-early-stopping");
        Assert.True(cosine.ExitCode == 0, cosine.Error);
        Assert.Equal("0", File.ReadAllLines(_dir.File("c/metrics.csv"))[5].Split(',')[3]);   // epoch 5 trains at lr 0
    }

    [Fact]
    public void A_relative_min_delta_lets_a_regression_fitted_to_1e_5_train_on()
    {
        // plane's losses fall to about 1e-5: early stopping's absolute 1e-4 stops the run at epoch 53 while it still
        // improves, and says so; read as a fraction of the loss, every epoch counts and the run trains to its limit.
        Assert.Equal(0, Train("abs", "--dataset", "plane", "--restarts", "0", "--epochs", "120").ExitCode);
        Assert.True(Summary("abs").GetProperty("epochs_run").GetInt32() < 120);
        Assert.Contains("min-delta-too-large", File.ReadAllText(_dir.File("abs/findings.json")));
        Assert.Equal(0, Train("rel", "--dataset", "plane", "--restarts", "0", "--epochs", "120", "--min-delta-mode", "rel").ExitCode);
        Assert.Equal(120, Summary("rel").GetProperty("epochs_run").GetInt32());
        Assert.True(Summary("rel").GetProperty("test_loss").GetDouble() < Summary("abs").GetProperty("test_loss").GetDouble());
        Assert.DoesNotContain("min-delta-too-large", File.ReadAllText(_dir.File("rel/findings.json")));
        Assert.Contains("min-delta-mode: rel", File.ReadAllText(_dir.File("rel/config.yaml")));
        var bad = Train("bad", "--dataset", "plane", "--min-delta-mode", "percent");
        Assert.Equal((2, "tinynets: error: unknown --min-delta-mode 'percent'; expected one of abs, rel"), (bad.ExitCode, bad.Error.Trim()));
    }

    [Fact]
    public void Label_task_and_drop_invalid_flags_read_the_csv_as_asked()
    {
        var lines = new List<string> { "grade,x1,x2" };
        for (int i = 0; i < 120; i++) lines.Add(FormattableString.Invariant($"{i % 2},{(i % 2) * 2 + i % 7 * 0.1},{i % 5 * 0.2}"));
        lines.Add("1,,0.5");
        string data = Csv("grades.csv", string.Join("\n", lines) + "\n");
        Assert.Contains("missing value in column 'x1'", Train("g0", "--data", data, "--label", "grade").Error);
        var dropping = Train("g1", "--data", data, "--label", "grade", "--drop-invalid", "--epochs", "10");
        Assert.Equal(0, dropping.ExitCode);
        Assert.Contains("  left out 1 row of grades.csv with a missing, NaN or infinite value (--drop-invalid)\n", dropping.Out);   // it was not said
        var summary = Summary("g1");
        var rows = summary.GetProperty("rows");
        Assert.Equal(120, new[] { "train", "validation", "test" }.Sum(p => rows.GetProperty(p).ValueKind == JsonValueKind.Null ? 0 : rows.GetProperty(p).GetInt32()));
        Assert.Equal(1, rows.GetProperty("dropped").GetInt32());
        // The report's summary says how many rows each set had, and how many were left out.
        Assert.Matches(@"<th>rows</th><td>train \d+, validation \d+, test \d+, dropped 1</td>", File.ReadAllText(_dir.File("g1/report.html")));
        Assert.Equal("bce", summary.GetProperty("loss").GetString());   // 0/1 labels: two classes
        Assert.Equal(0, Train("g2", "--data", data, "--label", "0", "--drop-invalid", "--task", "regression", "--epochs", "10",
            "--start-from-epoch", "5").ExitCode);
        Assert.Equal("mse", Summary("g2").GetProperty("loss").GetString());
        Assert.Contains("start-from-epoch: 5", File.ReadAllText(_dir.File("g2/config.yaml")));
        Assert.Equal(0, Train("g3", "--dataset", "make-circles", "--factor", "0.3", "--epochs", "5").ExitCode);
        Assert.Contains("factor: 0.3", File.ReadAllText(_dir.File("g3/config.yaml")));
    }

    [Fact]
    public void Quiet_prints_only_the_summary_and_json_prints_parseable_json()
    {
        var quiet = Train("q", "--dataset", "xor", "--quiet");
        Assert.DoesNotContain("epoch ", quiet.Out);
        Assert.Contains("train loss", quiet.Out);
        var json = Train("j", "--dataset", "xor", "--json");
        Assert.Equal(1.0, JsonDocument.Parse(json.Out).RootElement.GetProperty("train_accuracy").GetDouble());
    }

    [Theory]
    [InlineData(new[] { "--dataset", "mnist" }, "unknown dataset 'mnist'; expected one of xor, gaussians")]
    [InlineData(new[] { "--dataset", "xor", "--lr", "-0.1" }, "--lr must be > 0, got -0.1")]
    [InlineData(new[] { "--dataset", "xor", "--optimizer", "lion" }, "unknown --optimizer 'lion'; expected one of sgd, adam, adamw, rmsprop, adagrad")]
    [InlineData(new[] { "--dataset", "xor", "--activation", "swish" }, "unknown --activation 'swish'")]
    [InlineData(new[] { "--dataset", "gaussians", "--output", "softmax", "--loss", "bce" }, "--loss bce is for two classes; the data has 5")]
    [InlineData(new[] { "--dataset", "gaussians", "--output", "softmax", "--loss", "cross-entropy" }, "cross-entropy takes logits")]
    [InlineData(new[] { "--dataset", "gaussians", "--layers", "3,8,5" }, "--layers starts with 3 inputs but the data has 2 features")]
    [InlineData(new[] { "--dataset", "gaussians", "--layers", "2,8,4" }, "--layers ends with 4 outputs but cross-entropy on this data needs 5")]
    [InlineData(new[] { "--dataset", "xor", "--optimizer", "adam", "--nesterov" }, "--nesterov applies to --optimizer sgd only")]
    [InlineData(new[] { "--dataset", "xor", "--betas", "0.9" }, "--betas expects two values")]
    [InlineData(new[] { "--dataset", "xor", "--lr-schedule", "linear" }, "unknown --lr-schedule 'linear'")]
    [InlineData(new[] { "--dataset", "xor", "--split", "0.5,0.5" }, "three fractions")]
    [InlineData(new[] { "--dataset", "xor", "--epochs", "many" }, "--epochs expects a whole number, got 'many'")]
    [InlineData(new[] { "--dataset", "xor", "--lr", "abc" }, "--lr expects a number, got 'abc'")]
    [InlineData(new[] { "--dataset", "xor", "--lr=1,5" }, "--lr expects a number, got '1,5'")]
    [InlineData(new[] { "--dataset", "xor", "--seed", "-1" }, "--seed expects a whole number >= 0, got '-1'")]
    [InlineData(new[] { "--dataset", "xor", "--points", "1e3" }, "--points expects a whole number, got '1e3'")]
    [InlineData(new[] { "--dataset", "xor", "--no-such-flag" }, "no-such-flag")]
    [InlineData(new[] { "--data", "absent.csv" }, "absent.csv: no such file")]
    [InlineData(new[] { "--epochs", "3" }, "give either --dataset NAME or --data FILE.csv")]
    [InlineData(new[] { "--dataset", "plane", "--loss", "cross-entropy" }, "needs class labels")]
    [InlineData(new[] { "--dataset", "moons", "--layers", "2,8,1", "--hidden", "8" }, "give --layers (every size) or --hidden (the hidden sizes), not both")]
    [InlineData(new[] { "--dataset", "spiral", "--classes", "1" }, "classification needs at least two classes; the data has 1")]
    [InlineData(new[] { "--dataset", "gaussians", "--classes", "1" }, "classification needs at least two classes; the data has 1")]
    public void User_mistakes_are_one_line_exit_2_and_write_nothing(string[] args, string expected)
    {
        var result = Train("bad", args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("tinynets: error: ", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.False(Directory.Exists(_dir.File("bad")));
    }

    [Fact]
    public void Weights_to_start_from_are_checked_before_any_training()
    {
        Assert.Equal(0, Train("source", "--dataset", "moons", "--epochs", "2").ExitCode);
        File.WriteAllBytes(_dir.File("cut.safetensors"), File.ReadAllBytes(_dir.File("source/model.safetensors"))[..100]);
        foreach (var (file, message) in new[] { ("cut.safetensors", "not a valid safetensors file"), ("absent.safetensors", "absent.safetensors: no such file") })
        {
            var result = Train("from", "--dataset", "moons", "--init-weights", _dir.File(file));
            Assert.Equal(2, result.ExitCode);
            Assert.Contains(message, result.Error);
            Assert.Equal("", result.Out);   // it said "attempt 1 of up to 3" first
            Assert.False(Directory.Exists(_dir.File("from")));
        }
        var loaded = Train("from", "--dataset", "moons", "--epochs", "2", "--init-weights", _dir.File("source/model.safetensors"), "--json");
        Assert.Equal(0, loaded.ExitCode);
    }

    [Fact]
    public void Hidden_given_as_a_flag_replaces_the_layers_of_the_xor_preset_or_a_config_file()
    {
        var preset = Train("h", "--dataset", "xor", "--hidden", "8", "--epochs", "5");
        Assert.Equal(0, preset.ExitCode);
        Assert.Contains("Linear(2, 8) ReLU Linear(8, 1) Sigmoid", preset.Out);   // the rest of the preset stays
        Assert.Equal(0, Train("layers", "--dataset", "xor", "--epochs", "5").ExitCode);
        Assert.Contains("layers: [2, 4, 1]", File.ReadAllText(Path.Combine(_dir.File("layers"), "config.yaml")));
        var fromConfig = Train("h2", "--config", Path.Combine(_dir.File("layers"), "config.yaml"), "--hidden", "3,3");
        Assert.Equal(0, fromConfig.ExitCode);
        Assert.Contains("Linear(2, 3) ReLU Linear(3, 3) ReLU Linear(3, 1) Sigmoid", fromConfig.Out);
    }

    [Fact]
    public void Training_again_into_a_folder_leaves_nothing_of_the_earlier_run()
    {
        Assert.Equal(0, Train("again", "--dataset", "moons", "--epochs", "5").ExitCode);
        Assert.Equal(0, CliRunner.Run("report", _dir.File("again"), "--images").ExitCode);
        foreach (var f in new[] { "steps.csv", "findings.json", "snapshots.safetensors", "charts" })
            Assert.True(File.Exists(_dir.File($"again/{f}")) || Directory.Exists(_dir.File($"again/{f}")), f);

        var unrecorded = Train("again", "--dataset", "moons", "--epochs", "3", "--no-record");
        Assert.Equal(0, unrecorded.ExitCode);
        Assert.Contains("(report.html, model.safetensors, model.json, metrics.csv, summary.json, config.yaml)", unrecorded.Out);   // no steps.csv said
        Assert.Equal(["config.yaml", "initial.safetensors", "metrics.csv", "model.json", "model.safetensors", "report.html", "summary.json"],
            Directory.GetFileSystemEntries(_dir.File("again")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(0, CliRunner.Run("report", _dir.File("again")).ExitCode);
        // Its report says once what was not recorded, rather than drawing empty step charts and "no problems found".
        string html = File.ReadAllText(_dir.File("again/report.html"));
        Assert.Contains("did not record (<code>--no-record</code>)", html);
        Assert.DoesNotContain("No problems found", html);
        foreach (var id in new[] { "step-loss", "gradient-flow", "gradient-norms", "unit-health" }) Assert.DoesNotContain($"id=\"{id}\"", html);
        foreach (var id in new[] { "epoch-loss", "initial-weights", "decision-boundary" }) Assert.Contains($"id=\"{id}\"", html);
    }

    [Fact]
    public void A_bad_config_file_names_its_line_and_key()
    {
        string config = Csv("bad.yaml", "dataset: xor\nlearning-rate: 0.1\n");
        var result = CliRunner.Run("train", "--config", config, "--out", _dir.File("x"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.yaml:2:1: unknown key 'learning-rate'", result.Error);
        string typed = Csv("typed.yaml", "dataset: xor\nepochs: many\n");
        Assert.Contains("typed.yaml:2:9: 'epochs' expects a whole number, got 'many'", CliRunner.Run("train", "--config", typed).Error);
        // A value out of range is the file's mistake where the file sets it, the flag's where a flag replaced it.
        string ranged = Csv("ranged.yaml", "dataset: xor\nepochs: -3\noptimizer: adam\nnesterov: true\n");
        Assert.Equal($"tinynets: error: {ranged}:2:9: epochs must be > 0, got -3", CliRunner.Run("train", "--config", ranged).Error.Trim());
        Assert.Equal($"tinynets: error: {ranged}:4:11: nesterov applies to optimizer sgd only", CliRunner.Run("train", "--config", ranged, "--epochs", "5").Error.Trim());
        Assert.Equal("tinynets: error: --epochs must be > 0, got 0", CliRunner.Run("train", "--config", ranged, "--epochs", "0").Error.Trim());
        string unclosed = Csv("unclosed.yaml", "dataset: moons\nlayers: [2, 8\nlr: 0.1\n");
        var open = CliRunner.Run("train", "--config", unclosed, "--out", _dir.File("y"));
        Assert.Equal(2, open.ExitCode);
        Assert.Equal($"tinynets: error: {unclosed}:3:1: not valid YAML: a '{{' or '[' opened before here is not closed", open.Error.Trim());
    }

    [Fact]
    public void A_diverging_run_exits_3_keeps_sane_weights_and_says_where()
    {
        var result = Train("nan", "--dataset", "gaussians", "--points", "200", "--optimizer", "sgd", "--lr", "1e12", "--no-standardize", "--epochs", "50");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("training diverged at step", result.Error);
        Assert.Contains("try a lower --lr", result.Error);
        Assert.True(File.Exists(_dir.File("nan/model.safetensors")));
    }
}
