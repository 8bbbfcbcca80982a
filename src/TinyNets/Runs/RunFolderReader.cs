using System.Globalization;
using System.Text.Json;
using TinyNets.Diagnostics;
using TinyNets.Serialization;
using TinyNets.Training;

namespace TinyNets.Runs;

/// <summary>Reads back what <see cref="RunFolder"/> wrote: metrics, steps, findings, summary and initial weights.</summary>
public static class RunFolderReader
{
    public static IReadOnlyList<AttemptEpoch> Metrics(string directory)
    {
        var rows = Table(Path.Combine(directory, "metrics.csv"));
        return rows.Rows.Select(r => new AttemptEpoch((int)r[0], new EpochMetrics((int)r[1], (long)r[2], r[3], r[4],
            Maybe(r[5]), Maybe(r[6]), Maybe(r[7]), Maybe(r[8]), Maybe(r[9])))).ToArray();
    }

    /// <summary>
    /// steps.csv (or a study trial's steps.safetensors) by column, NaN where a value was not recorded; empty when the
    /// run recorded no steps.
    /// </summary>
    public static IReadOnlyDictionary<string, double[]> Steps(string directory)
    {
        string path = Path.Combine(directory, "steps.csv");
        string binary = Path.Combine(directory, RunFolder.BinaryStepsFile);
        if (!File.Exists(path) && File.Exists(binary))
            return SafeTensors.Load(binary).Tensors.Values.ToDictionary(t => t.Name, t => t.Data.Select(v => (double)v).ToArray());
        if (!File.Exists(path)) return new Dictionary<string, double[]>();
        var (columns, rows) = Table(path);
        return columns.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => rows.Select(r => r[p.i]).ToArray());
    }

    /// <summary>The attempt whose weights the folder holds (summary.json's winning_attempt; 0 if absent).</summary>
    public static int WinningAttempt(string directory)
    {
        return Json(Path.Combine(directory, "summary.json"), root => root.TryGetProperty("winning_attempt", out var w) ? w.GetInt32() : 0);
    }

    /// <summary>One column of one attempt's steps (empty when not recorded): reads only that column of a steps.safetensors.</summary>
    public static double[] StepColumn(string directory, int attempt, string column)
    {
        string binary = Path.Combine(directory, RunFolder.BinaryStepsFile);
        if (File.Exists(Path.Combine(directory, "steps.csv")) || !File.Exists(binary))
            return Steps(directory, attempt).TryGetValue(column, out var values) ? values : [];
        var tensors = SafeTensors.Load(binary).Tensors;
        if (!tensors.TryGetValue(column, out var data) || !tensors.TryGetValue("attempt", out var attempts)) return [];
        var picked = new List<double>(data.Data.Length);
        for (int r = 0; r < data.Data.Length; r++)
            if (attempts.Data[r] == attempt) picked.Add(data.Data[r]);
        return [.. picked];
    }

    /// <summary>steps.csv rows of one attempt only: steps restart at 0 with each attempt.</summary>
    public static IReadOnlyDictionary<string, double[]> Steps(string directory, int attempt)
    {
        var steps = Steps(directory);
        if (!steps.TryGetValue("attempt", out var attempts)) return steps;
        var rows = Enumerable.Range(0, attempts.Length).Where(r => attempts[r] == attempt).ToArray();
        return steps.ToDictionary(kv => kv.Key, kv => rows.Select(r => kv.Value[r]).ToArray());
    }

    /// <summary>
    /// What the diagnoses find in the folder's winning attempt by today's rules, from its recorded steps and epochs, as
    /// the run that wrote it diagnosed them (the rules may have changed since); null when the run recorded no steps.
    /// </summary>
    public static IReadOnlyList<Finding>? Diagnose(string directory, RunConfig config)
    {
        int winner = WinningAttempt(directory);
        var steps = Steps(directory, winner);
        if (steps.Count == 0) return null;
        var epochs = Metrics(directory).Where(e => e.Attempt == winner).Select(e => e.Metrics).ToArray();
        var (file, model) = ModelFile.LoadFile(directory);
        int? bestEpoch = Json(Path.Combine(directory, "summary.json"), root =>
            root.TryGetProperty("best_epoch", out var b) && b.ValueKind == JsonValueKind.Number ? b.GetInt32() : (int?)null);
        var trace = new RunTrace(steps.ToDictionary(kv => kv.Key, kv => kv.Value.Select(v => (float)v).ToArray()), epochs, model.ActivationKinds,
            config.InitName, config.Epochs, file.Loss, config.EarlyStopping ? config.Stopping : null,
            bestEpoch);
        return Diagnoser.Diagnose(trace);
    }

    public static IReadOnlyList<Finding> Findings(string directory)
    {
        string path = Path.Combine(directory, "findings.json");
        if (!File.Exists(path)) return [];
        return Json(path, root => root.EnumerateArray().Select(f => new Finding(f.GetProperty("rule").GetString()!,
            Enum.Parse<Severity>(f.GetProperty("severity").GetString()!, ignoreCase: true), f.GetProperty("first_step").GetInt64(),
            f.GetProperty("last_step").GetInt64(), f.GetProperty("layer").GetString(), f.GetProperty("explanation").GetString()!,
            f.GetProperty("fix").GetString()!)).ToArray());
    }

    /// <summary>summary.json's top-level scalar values, as text.</summary>
    public static IReadOnlyList<(string Key, string Value)> Summary(string directory)
    {
        static string Text(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble().ToString("G6", CultureInfo.InvariantCulture),
            JsonValueKind.Null => "-",
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => value.ToString(),
        };
        // rows, a mapping of the split's sizes, reads as one line: "train 490, validation 70, test 140".
        static string Rows(JsonElement rows) => string.Join(", ", rows.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Number && !(p.Name == "dropped" && p.Value.GetInt32() == 0))
            .Select(p => $"{p.Name} {Text(p.Value)}"));
        return Json(Path.Combine(directory, "summary.json"), root => root.EnumerateObject()
            .Where(p => p.Value.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object) || p.Name == "rows")
            .Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.Object ? Rows(p.Value) : Text(p.Value))).ToArray());
    }

    /// <summary>The winning attempt's initial weights (initial.safetensors), in state-dict order; empty if absent.</summary>
    public static IReadOnlyList<(string Key, float[] Values)> InitialWeights(string directory)
    {
        string path = Path.Combine(directory, "initial.safetensors");
        if (!File.Exists(path)) return [];
        return SafeTensors.Load(path).Tensors.Values.Where(t => t.Name.EndsWith(".weight", StringComparison.Ordinal))
            .OrderBy(t => int.Parse(t.Name.Split('.')[0], CultureInfo.InvariantCulture)).Select(t => (t.Name, t.Data)).ToArray();
    }

    /// <summary>The weights saved at epochs 1, 2, 5, 10, ... (snapshots.safetensors), by epoch; empty if absent.</summary>
    public static IReadOnlyList<(int Epoch, IReadOnlyDictionary<string, NamedTensor> Weights)> Snapshots(string directory)
    {
        string path = Path.Combine(directory, "snapshots.safetensors");
        if (!File.Exists(path)) return [];
        return SafeTensors.Load(path).Tensors.Values
            .GroupBy(t => int.Parse(t.Name[("epoch-".Length)..t.Name.IndexOf('/')], CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, (IReadOnlyDictionary<string, NamedTensor>)g.ToDictionary(t => t.Name[(t.Name.IndexOf('/') + 1)..],
                t => t with { Name = t.Name[(t.Name.IndexOf('/') + 1)..] })))
            .ToArray();
    }

    private static double? Maybe(double value) => double.IsNaN(value) ? null : value;

    /// <summary>Reads a JSON file of the folder; a file that is not JSON, or not laid out as TinyNets writes it (edited by
    /// hand, say), is a one-line error naming it.</summary>
    private static T Json<T>(string path, Func<JsonElement, T> read)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Existing(path)));
            return read(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw Serialization.JsonMistake.At(path, e);
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException)
        {
            throw new TinyNetsException($"{path}: not laid out as TinyNets writes it: {e.Message}");
        }
    }

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new TinyNetsException($"{path}: no such file (is this a run folder?)");

    // The 1-based column at which field `index` of a comma-separated line starts.
    private static int Column(string line, int index)
    {
        int at = 0;
        for (int f = 0; f < index; f++) at = line.IndexOf(',', at) + 1;
        return at + 1;
    }

    private static (string[] Columns, List<double[]> Rows) Table(string path)
    {
        var lines = File.ReadAllLines(Existing(path));
        if (lines.Length == 0) throw new TinyNetsException($"{path}: empty file");
        var columns = lines[0].Split(',');
        var rows = new List<double[]>(lines.Length - 1);
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var fields = lines[i].Split(',');
            if (fields.Length != columns.Length) throw new TinyNetsException($"{path}:{i + 1}: expected {columns.Length} fields, found {fields.Length}");
            var row = new double[fields.Length];
            for (int c = 0; c < fields.Length; c++)
                row[c] = fields[c].Length == 0 ? double.NaN
                    : double.TryParse(fields[c], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
                    : throw new TinyNetsException($"{path}:{i + 1}:{Column(lines[i], c)}: '{columns[c]}' expects a number, got '{fields[c]}'");
            rows.Add(row);
        }
        return (columns, rows);
    }
}
