using System.Globalization;
using TinyNets.Randomness;

namespace TinyNets.Data;

/// <summary>Fractions of the rows for training, validation and test.</summary>
public sealed record SplitFractions(double Train = 0.7, double Validation = 0.1, double Test = 0.2)
{
    /// <summary>Parses "0.7,0.1,0.2" (the three must be ≥ 0, the first &gt; 0, and sum to 1).</summary>
    public static SplitFractions Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw new TinyNetsException($"--split expects three fractions such as 0.7,0.1,0.2; '{parts[i]}' is not a number");
        if (values.Length != 3) throw new TinyNetsException($"--split expects three fractions (train, validation, test), got {values.Length}");
        return new SplitFractions(values[0], values[1], values[2]).Validated();
    }

    public SplitFractions Validated()
    {
        if (Train <= 0 || Validation < 0 || Test < 0 || Math.Abs(Train + Validation + Test - 1) > 1e-9)
            throw new TinyNetsException($"split fractions must be >= 0 (train > 0) and sum to 1, got {Train},{Validation},{Test}");
        return this;
    }
}

/// <summary>The three parts of a data set; validation and test are null when their fraction is 0.</summary>
public sealed record DataSplit(Dataset Train, Dataset? Validation, Dataset? Test);

/// <summary>
/// Seeded train/validation/test splits. Classification data is stratified: every class is split in the same
/// proportions (rounded per class), as scikit-learn's <c>train_test_split(stratify=y)</c> aims to.
/// </summary>
public static class Splitter
{
    public static DataSplit Split(Dataset data, SplitFractions fractions, RandomStream random)
    {
        fractions.Validated();
        // Everything for training: rows stay in file order, so --no-shuffle reproduces a plain PyTorch loop step for step.
        if (fractions.Validation == 0 && fractions.Test == 0) return new DataSplit(data, null, null);
        var train = new List<int>();
        var validation = new List<int>();
        var test = new List<int>();
        var groups = (data.IsClassification && data.TargetWidth == 1
            ? Enumerable.Range(0, data.Rows).GroupBy(r => (int)data.Targets[r]).OrderBy(g => g.Key).Select(g => g.ToArray())
            : data.IsClassification
                ? Enumerable.Range(0, data.Rows).GroupBy(r => data.TargetRow(r).IndexOf(1f)).OrderBy(g => g.Key).Select(g => g.ToArray())
                : [Enumerable.Range(0, data.Rows).ToArray()]).ToArray();
        foreach (var rows in groups)
        {
            random.Shuffle(rows.AsSpan());
            int nTest = (int)Math.Round(fractions.Test * rows.Length, MidpointRounding.AwayFromZero);
            int nValidation = (int)Math.Round(fractions.Validation * rows.Length, MidpointRounding.AwayFromZero);
            nValidation = Math.Min(nValidation, rows.Length - nTest);
            test.AddRange(rows.Take(nTest));
            validation.AddRange(rows.Skip(nTest).Take(nValidation));
            train.AddRange(rows.Skip(nTest + nValidation));
        }
        string what = $"{data.Rows} rows cannot be split {fractions.Train.ToString(CultureInfo.InvariantCulture)}/{fractions.Validation.ToString(CultureInfo.InvariantCulture)}/{fractions.Test.ToString(CultureInfo.InvariantCulture)}";
        if (train.Count == 0) throw new TinyNetsException($"too few rows: {what}: the training set would be empty");
        const string hint = " (a larger share, or 0 for it: --split 1,0,0 trains on every row)";
        foreach (var (fraction, part, name) in new[] { (fractions.Validation, validation, "validation"), (fractions.Test, test, "test") })
        {
            if (fraction == 0 || part.Count > 0) continue;
            // Each class is split on its own: classes of a row or two each (a name or an id read as the label) give none.
            int largest = groups.Max(g => g.Length);
            if (data.IsClassification && Math.Round(fraction * data.Rows, MidpointRounding.AwayFromZero) >= 1)
                throw new TinyNetsException($"too few rows per class: {data.Rows} rows in {groups.Length} classes, the largest of {largest} " +
                    $"row{(largest == 1 ? "" : "s")}, are split class by class, and no class has enough for the {name} set" +
                    (groups.Length > data.Rows / 2 ? "; is the label a name or an id? --label names the column to predict" : hint));
            throw new TinyNetsException($"too few rows: {what}: the {name} set would be empty{hint}");
        }

        Dataset Part(List<int> rows)
        {
            var array = rows.ToArray();
            random.Shuffle(array.AsSpan());   // classes interleaved, not one block after another
            return data.Select(array);
        }
        return new DataSplit(Part(train), validation.Count > 0 ? Part(validation) : null, test.Count > 0 ? Part(test) : null);
    }
}
