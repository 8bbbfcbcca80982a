using System.Globalization;
using System.Text;

namespace TinyNets.Data.Csv;

/// <summary>What <c>CsvLoader.Load</c> read.</summary>
/// <param name="DroppedRows">Rows skipped for a missing or non-finite value (only with <see cref="CsvOptions.DropInvalid"/>).</param>
/// <param name="Columns">The columns' names: the header's, or c0, c1, ... without one (<see cref="Header"/>).</param>
/// <param name="RowLabels">The header's first name was empty: that column was read as row labels (the index pandas'
/// <c>to_csv</c> and R's <c>write.csv</c> write by default) and left out; <see cref="Columns"/> starts after it.</param>
/// <param name="Counters">Feature columns that count the rows (0, 1, 2, ... or any start, step 1): an id or an index
/// more likely than a feature.</param>
/// <param name="Categories">Feature columns of words, by name, with their values in the order of their 0/1 columns
/// (<c>sex=female</c>, <c>sex=male</c>) in <see cref="Data"/>; null when there are none.</param>
public sealed record CsvTable(Dataset Data, int DroppedRows, IReadOnlyList<string> Columns, bool Header = true, bool RowLabels = false,
    IReadOnlyList<string>? Counters = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? Categories = null)
{
    /// <summary>The header's names when some are numbers: maybe the file has none (<c>--no-header</c>) and its first
    /// row was read as names; null otherwise.</summary>
    public IReadOnlyList<string>? SuspectHeader => Header && Columns.Any(CsvLoader.IsNumber) ? Columns : null;
}

/// <summary>
/// Reads a CSV or TSV file into a <see cref="Dataset"/> in one streaming pass over a character buffer (no string per
/// line or field), after a byte-level pass that counts lines so the feature matrix is allocated once, at its final size.
/// Numbers are parsed culture-invariantly. Every mistake in the file is a <see cref="TinyNetsException"/> naming
/// file:line:column and what was expected.
/// </summary>
public static class CsvLoader
{
    /// <summary>With task "auto", whole-number labels with at most this many distinct values are classes.</summary>
    public const int MaxAutoClasses = 50;

    private const int MaxTrackedLabels = 100_000;
    private static readonly string[] MissingMarkers = ["", "NA", "N/A", "NaN", "nan", "NAN", "null", "NULL", "?"];

    public static CsvTable Load(string path, CsvOptions? options = null) => Read(path, options, featuresOnly: false);

    private static CsvTable Read(string path, CsvOptions? options, bool featuresOnly)
    {
        options ??= new CsvOptions();
        if (!File.Exists(path)) throw new TinyNetsException($"{path}: no such file");
        long lineCount = CountLines(path);
        using var reader = new LineReader(path);
        if (!reader.Next(out var first)) throw new TinyNetsException($"{path}: the file is empty");
        char delimiter = options.Delimiter ?? GuessDelimiter(path, first.Span);
        bool decimalComma = delimiter == ';';
        var firstFields = Fields.Split(first.Span, delimiter, path, reader.LineNumber);
        // A delimiter at the end of every line (some exporters write one) leaves an empty column with no name: not data.
        bool trailing = firstFields.Count > 2 && firstFields[^1].Value(first.Span).IsWhiteSpace();
        if (trailing) firstFields = firstFields.Take(firstFields.Count - 1).ToArray();
        // A header whose first name is empty heads row labels, as pandas and R write a table's index: not a feature.
        bool rowLabels = options.HasHeader && firstFields.Count > 2 && firstFields[0].Value(first.Span).IsWhiteSpace();
        int skip = rowLabels ? 1 : 0;
        if (rowLabels) firstFields = firstFields.Skip(1).ToArray();
        string[] columns = options.HasHeader
            ? firstFields.Select(f => f.Text(first.Span).Trim()).ToArray()
            : Enumerable.Range(0, firstFields.Count).Select(i => $"c{i}").ToArray();
        CheckHeader(path, columns, firstFields);

        int[] targets = options.Targets.Count == 0 ? [columns.Length - 1] : options.Targets.Select(t => Resolve(path, columns, t)).ToArray();
        int[] features = options.Features.Count == 0
            ? Enumerable.Range(0, columns.Length).Where(c => !targets.Contains(c)).ToArray()
            : options.Features.Select(f => Resolve(path, columns, f)).ToArray();
        if (features.Length == 0) throw new TinyNetsException($"{path}: no feature columns left besides the target(s)");
        if (featuresOnly) targets = [];   // prediction data needs no label
        else
            foreach (int f in features)
                if (targets.Contains(f)) throw new TinyNetsException($"{path}: column '{columns[f]}' is both a feature and a target");
        bool regression = options.Task == "regression" || targets.Length > 1;

        long capacity = Math.Max(lineCount - (options.HasHeader ? 1 : 0), 0);
        if (capacity * features.Length > Array.MaxLength) throw new TinyNetsException($"{path}: too large to load ({capacity} rows)");
        var x = new float[capacity * features.Length];
        var numericTargets = new float[capacity * targets.Length];
        var labelIds = new int[targets.Length == 1 ? capacity : 0];
        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        var categories = new CategoryColumns(features.Select(f => columns[f]).ToArray(), options.Categories);
        string dropHint = options.ForTraining ? " (--drop-invalid skips such rows)" : "";
        var sawNumber = new bool[features.Length];   // a column that held a number is numbers: a word in it later is a mistake
        var labelAt = new List<(long Line, int Column)>();   // where each label is first seen
        bool tracking = targets.Length == 1, allNumeric = true, allWhole = true;
        (long Line, int Column, string Text)? firstText = null;
        int rows = 0, dropped = 0;

        var fieldSpans = new Fields(columns.Length);
        bool pending = !options.HasHeader;   // the first line is data
        while (pending || reader.Next(out first))
        {
            pending = false;
            var line = first.Span;
            if (line.IsWhiteSpace()) continue;
            long lineNumber = reader.LineNumber;
            fieldSpans.Fill(line, delimiter, path, lineNumber);
            int width = skip + columns.Length;
            if (trailing && fieldSpans.Count == width + 1)
            {
                if (!fieldSpans[width].Value(line).IsWhiteSpace())
                    throw new TinyNetsException($"{path}:{lineNumber}:{fieldSpans[width].Column}: a value after the last column, where the " +
                        $"{(options.HasHeader ? "header" : "first line")} ends with a delimiter and nothing after it");
            }
            else if (fieldSpans.Count != width)
                throw new TinyNetsException($"{path}:{lineNumber}: expected {width} fields (as in the {(options.HasHeader ? "header" : "first line")}), found {fieldSpans.Count}");
            if (rows >= capacity) throw new TinyNetsException($"{path}:{lineNumber}: the file changed while it was read");

            bool invalid = false;
            for (int j = 0; j < features.Length && !invalid; j++)
            {
                var field = fieldSpans[skip + features[j]];
                var text = field.Value(line);
                bool number = TryNumber(text, decimalComma, out float value, out bool missing);
                // A word as a feature's first value makes it a category column (a number there is then one of its words too).
                if (!missing && (categories.IsCategory(j) || (!number && !sawNumber[j] && text.IndexOfAnyInRange('A', 'z') >= 0 && categories.Adopt(j))))
                {
                    x[(long)rows * features.Length + j] = categories.Id(j, text.Trim(), path, lineNumber, field.Column);
                    continue;
                }
                if (!number)
                    throw new TinyNetsException($"{path}:{lineNumber}:{field.Column}: '{Clip(text)}' in column '{columns[features[j]]}' is not a number");
                sawNumber[j] |= !missing;
                if (missing || !float.IsFinite(value))
                {
                    if (!options.DropInvalid)
                        throw new TinyNetsException($"{path}:{lineNumber}:{field.Column}: {(missing ? "missing value" : $"non-finite value '{Clip(text)}'")} in column '{columns[features[j]]}'{dropHint}");
                    invalid = true;
                }
                x[(long)rows * features.Length + j] = value;
            }
            for (int k = 0; k < targets.Length && !invalid; k++)
            {
                var field = fieldSpans[skip + targets[k]];
                var text = field.Value(line);
                bool numeric = TryNumber(text, decimalComma, out float value, out bool missing);
                if (missing || (numeric && !float.IsFinite(value)))
                {
                    if (!options.DropInvalid)
                        throw new TinyNetsException($"{path}:{lineNumber}:{field.Column}: {(missing ? "missing value" : $"non-finite value '{Clip(text)}'")} in column '{columns[targets[k]]}'{dropHint}");
                    invalid = true;
                    break;
                }
                if (!numeric)
                {
                    allNumeric = false;
                    firstText ??= (lineNumber, field.Column, text.ToString());
                    value = float.NaN;
                }
                else if (value != MathF.Round(value)) allWhole = false;
                numericTargets[(long)rows * targets.Length + k] = value;
                if (tracking)
                {
                    var lookup = labels.GetAlternateLookup<ReadOnlySpan<char>>();
                    if (!lookup.TryGetValue(text, out int id))
                    {
                        if (labels.Count >= MaxTrackedLabels && allNumeric) tracking = false;
                        else
                        {
                            lookup[text] = id = labels.Count;
                            labelAt.Add((lineNumber, field.Column));
                        }
                    }
                    if (tracking) labelIds[rows] = id;
                }
            }
            if (invalid) { dropped++; continue; }
            rows++;
        }
        if (rows == 0) throw new TinyNetsException(dropped > 0 ? $"{path}: all {dropped} rows have missing or non-finite values" : $"{path}: no data rows");

        if (rows * features.Length != x.Length) Array.Resize(ref x, rows * features.Length);
        string[] featureNames = features.Select(f => columns[f]).ToArray();
        int featureWidth = features.Length;
        IReadOnlyDictionary<string, IReadOnlyList<string>>? categoryValues = null;
        if (categories.Any)
        {
            categories.Check(rows, path);
            categoryValues = categories.Values();
            (x, featureNames) = categories.Expand(x, rows);
            featureWidth = featureNames.Length;
        }
        CsvTable Table(Dataset data) => new(data, dropped, columns, options.HasHeader, rowLabels, Counters(x, rows, featureWidth, featureNames), categoryValues);
        if (featuresOnly) return Table(new Dataset(x, new float[rows], featureWidth, 1, featureNames: featureNames));
        string[] targetNames = targets.Select(t => columns[t]).ToArray();

        bool classes = options.Classes is not null || options.Task == "classification" || (!regression && (!allNumeric || (allWhole && tracking && labels.Count <= MaxAutoClasses)));
        if (!classes)
        {
            if (!allNumeric)
            {
                var (line, column, text) = firstText!.Value;
                throw new TinyNetsException($"{path}:{line}:{column}: '{Clip(text)}' in target column '{columns[targets[0]]}' is not a number; regression needs numbers{(options.ForTraining ? " (or use --task classification)" : "")}");
            }
            Array.Resize(ref numericTargets, rows * targets.Length);
            return Table(new Dataset(x, numericTargets, featureWidth, targets.Length, 0, featureNames, targetNames));
        }

        if (targets.Length > 1) throw new TinyNetsException($"{path}: classification takes one label column, got {targets.Length}");
        if (!tracking) throw new TinyNetsException($"{path}: the label column '{columns[targets[0]]}' has more than {MaxTrackedLabels} distinct values; is it a regression target?");
        var names = labels.Keys.ToArray();
        if (options.Classes is { } known) return Table(Known(path, known, names, labelAt, x, labelIds, rows, featureWidth, featureNames, targetNames));
        // Classes in sorted order, as scikit-learn's LabelEncoder: numerically for numbers, ordinally for text.
        var sorted = allNumeric
            ? names.OrderBy(n => float.Parse(n, NumberStyles.Float, CultureInfo.InvariantCulture)).ThenBy(n => n, StringComparer.Ordinal).ToArray()
            : names.Order(StringComparer.Ordinal).ToArray();
        if (sorted.Length < 2)
            throw new TinyNetsException($"{path}: the label column '{columns[targets[0]]}' has a single class ('{sorted[0]}'); classification needs at least two");
        var classOf = new int[names.Length];
        for (int c = 0; c < sorted.Length; c++) classOf[labels[sorted[c]]] = c;
        var y = new float[rows];
        for (int r = 0; r < rows; r++) y[r] = classOf[labelIds[r]];
        return Table(new Dataset(x, y, featureWidth, 1, sorted.Length, featureNames, targetNames, sorted));
    }

    /// <summary>The labels (<paramref name="names"/>, by id) read as <paramref name="known"/>'s classes.</summary>
    private static Dataset Known(string path, IReadOnlyList<string> known, string[] names, List<(long Line, int Column)> labelAt, float[] x,
        int[] labelIds, int rows, int featureWidth, string[] featureNames, string[] targetNames)
    {
        static float? Number(string text) => float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) ? v : null;
        var classes = known.ToList();
        var classOf = new int[names.Length];
        for (int id = 0; id < names.Length; id++)
        {
            int c = classes.IndexOf(names[id]);
            if (c < 0 && Number(names[id]) is float value) c = classes.FindIndex(k => Number(k) == value);   // "1.0" for the class "1"
            if (c < 0)
                throw new TinyNetsException($"{path}:{labelAt[id].Line}:{labelAt[id].Column}: label '{Clip(names[id])}' is not one of the model's classes ({string.Join(", ", known)})");
            classOf[id] = c;
        }
        var y = new float[rows];
        for (int r = 0; r < rows; r++) y[r] = classOf[labelIds[r]];
        return new Dataset(x, y, featureWidth, 1, known.Count, featureNames, targetNames, [.. known]);
    }

    /// <summary>
    /// Only the named feature columns, for prediction: the file may have a label column or not. Targets are zeros.
    /// </summary>
    /// <param name="categories">A saved model's category columns and their values (<see cref="CsvTable.Categories"/>).</param>
    public static Dataset LoadFeatures(string path, IReadOnlyList<string> features, bool hasHeader = true,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? categories = null) =>
        Read(path, new CsvOptions { Features = features, Task = "regression", HasHeader = hasHeader, Categories = categories, ForTraining = false },
            featuresOnly: true).Data;

    /// <summary>Whether <paramref name="text"/> reads as a number (a header of such is most likely a first row of data).</summary>
    public static bool IsNumber(string text) => TryNumber(text, decimalComma: false, out _, out bool missing) && !missing;

    /// <param name="decimalComma">The file separates fields with semicolons, as a spreadsheet set to a decimal comma
    /// exports them: 0,5 is then a half.</param>
    private static bool TryNumber(ReadOnlySpan<char> text, bool decimalComma, out float value, out bool missing)
    {
        // The common case first: a plain number. Markers of missing values are looked at only when parsing fails.
        if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            missing = float.IsNaN(value);
            return true;
        }
        text = text.Trim();
        foreach (var marker in MissingMarkers)
            if (text.SequenceEqual(marker))
            {
                value = float.NaN;
                missing = true;
                return true;
            }
        missing = false;
        if (decimalComma && text.Length <= 64 && text.Count(',') == 1 && !text.Contains('.'))
        {
            Span<char> dotted = stackalloc char[text.Length];
            text.CopyTo(dotted);
            dotted[dotted.IndexOf(',')] = '.';
            if (float.TryParse(dotted, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        }
        // NumPy and pandas write infinities as inf; .NET only reads "Infinity".
        var unsigned = text.TrimStart("+-");
        if (unsigned.Equals("inf", StringComparison.OrdinalIgnoreCase) || unsigned.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = text[0] == '-' ? float.NegativeInfinity : float.PositiveInfinity;
            return true;
        }
        return false;
    }

    private static int Resolve(string path, string[] columns, string column)
    {
        int named = Array.IndexOf(columns, column);
        if (named >= 0) return named;
        if (int.TryParse(column, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int index)
            && index >= -columns.Length && index < columns.Length)
            return index < 0 ? columns.Length + index : index;
        string hint = columns.Any(IsNumber) ? "; if the first line is data, not a header, --no-header reads it as data" : "";
        throw new TinyNetsException($"{path}: no column '{column}'; the columns are {string.Join(", ", columns)} (or an index from 0 to {columns.Length - 1}){hint}");
    }

    /// <summary>The feature columns whose values go up by exactly 1 from row to row, over at least 10 rows. Most columns
    /// fail at their second or third row, so this costs next to nothing beside the parse.</summary>
    private static string[] Counters(float[] x, int rows, int width, string[] names)
    {
        if (rows < 10) return [];
        var counting = new List<string>();
        for (int j = 0; j < width; j++)
        {
            int r = 1;
            while (r < rows && x[(long)r * width + j] == x[(long)(r - 1) * width + j] + 1) r++;
            if (r == rows) counting.Add(names[j]);
        }
        return [.. counting];
    }

    private static void CheckHeader(string path, string[] columns, IReadOnlyList<Field> fields)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Length; i++)
        {
            if (columns[i].Length == 0)
                throw new TinyNetsException($"{path}:1:{fields[i].Column}: column {i} (counting from 0) has no name in the header; name it, or give --no-header if the first line is data");
            if (!seen.Add(columns[i])) throw new TinyNetsException($"{path}:1: column name '{columns[i]}' appears twice in the header");
        }
        if (columns.Length < 2) throw new TinyNetsException($"{path}:1: expected at least two columns (features and a target), found {columns.Length}");
    }

    private static char GuessDelimiter(string path, ReadOnlySpan<char> firstLine)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".tsv" or ".tab") return '\t';
        if (firstLine.Contains(',')) return ',';
        // Spreadsheets set to a decimal comma export with semicolons.
        return firstLine.Contains('\t') ? '\t' : firstLine.Contains(';') ? ';' : ',';
    }

    private static string Clip(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : text[..37].ToString() + "...";

    private static long CountLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = new byte[1 << 16];
        long lines = 0;
        int read;
        byte last = (byte)'\n';
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
        }
        return last == '\n' ? lines : lines + 1;
    }
}
