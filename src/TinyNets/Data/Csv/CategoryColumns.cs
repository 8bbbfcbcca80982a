namespace TinyNets.Data.Csv;

/// <summary>
/// Feature columns of words (male/female, a colour, a port of embarkation), read as categories and expanded into one
/// 0/1 column per value, in sorted order, named <c>column=value</c>: pandas' <c>get_dummies</c> and scikit-learn's
/// <c>OneHotEncoder</c>, whose default also refuses a value it was not fitted on. While the file is read each
/// category's id (in order of first appearance) stands in the feature matrix; <see cref="Expand"/> then widens it.
/// </summary>
internal sealed class CategoryColumns
{
    /// <summary>More distinct words than this in a feature column are a name or an id, not a category.</summary>
    public const int MaxCategories = 50;

    private readonly Dictionary<string, int>?[] _ids;   // per feature: value → id, null for a numeric feature
    private readonly IReadOnlyList<string>?[] _known;   // per feature: a saved model's categories, fixed

    /// <param name="known">A saved model's categories by column name: those columns are categories, with exactly
    /// these values; null when the columns are found from the file.</param>
    public CategoryColumns(string[] featureNames, IReadOnlyDictionary<string, IReadOnlyList<string>>? known)
    {
        _ids = new Dictionary<string, int>?[featureNames.Length];
        _known = new IReadOnlyList<string>?[featureNames.Length];
        for (int j = 0; j < featureNames.Length; j++)
            if (known is not null && known.TryGetValue(featureNames[j], out var values))
            {
                _known[j] = values;
                _ids[j] = values.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);
            }
        Known = known is not null;
        Names = featureNames;
    }

    private bool Known { get; }
    private string[] Names { get; }

    public bool Any => _ids.Any(c => c is not null);

    public bool IsCategory(int feature) => _ids[feature] is not null;

    /// <summary>Makes feature <paramref name="feature"/> a category column: its first row holds a word. A saved model's
    /// columns are fixed: one it read as numbers stays numbers.</summary>
    public bool Adopt(int feature)
    {
        if (Known) return false;
        _ids[feature] = new Dictionary<string, int>(StringComparer.Ordinal);
        return true;
    }

    /// <summary>The id of a value of a category column; a clear error for a value a saved model does not know, or past
    /// <see cref="MaxCategories"/> values.</summary>
    public int Id(int feature, ReadOnlySpan<char> value, string path, long line, int column)
    {
        var ids = _ids[feature]!;
        var lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(value, out int id)) return id;
        string text = value.Length <= 40 ? value.ToString() : value[..37].ToString() + "...";
        if (_known[feature] is { } known)
            throw new TinyNetsException($"{path}:{line}:{column}: '{text}' in column '{Names[feature]}' is not one of the categories the model was trained on ({string.Join(", ", known)})");
        if (ids.Count >= MaxCategories)
            throw new TinyNetsException($"{path}:{line}:{column}: column '{Names[feature]}' has more than {MaxCategories} distinct words: a name or an id rather " +
                "than a category; a column that is not a feature is left out by listing the others: --features");
        lookup[value] = id = ids.Count;
        return id;
    }

    /// <summary>A column of more than 10 words over <paramref name="rows"/> rows, most rows a word of their own, is a
    /// name or an id: a clear error rather than a 0/1 input per row for the net to memorize.</summary>
    public void Check(int rows, string path)
    {
        for (int j = 0; j < _ids.Length; j++)
            if (_known[j] is null && _ids[j] is { Count: > 10 } ids && ids.Count > rows / 2)
                throw new TinyNetsException($"{path}: column '{Names[j]}' has {ids.Count} distinct words in {rows} rows, most rows a word of their own: " +
                    "a name or an id rather than a category; a column that is not a feature is left out by listing the others: --features");
    }

    /// <summary>The categories of each category column by name, sorted (a saved model's in its order).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Values() => Enumerable.Range(0, _ids.Length).Where(IsCategory)
        .ToDictionary(j => Names[j], j => _known[j] ?? (IReadOnlyList<string>)_ids[j]!.Keys.Order(StringComparer.Ordinal).ToArray());

    /// <summary>The example-major matrix with each category column replaced, in place, by one 0/1 column per value, and
    /// the new columns' names.</summary>
    public (float[] X, string[] Names) Expand(float[] x, int rows)
    {
        int width = Names.Length;
        var values = Values();
        // Per feature: where its first output column goes, and for a category the output offset of each id.
        var offsets = new int[width];
        var idToSlot = new int[width][];
        var names = new List<string>();
        for (int j = 0; j < width; j++)
        {
            offsets[j] = names.Count;
            if (!IsCategory(j)) { names.Add(Names[j]); continue; }
            var sorted = values[Names[j]];
            var slot = new int[_ids[j]!.Count];
            foreach (var (value, id) in _ids[j]!) slot[id] = IndexOf(sorted, value);
            idToSlot[j] = slot;
            names.AddRange(sorted.Select(v => $"{Names[j]}={v}"));
        }
        int wide = names.Count;
        var expanded = new float[(long)rows * wide];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < width; j++)
            {
                float v = x[(long)r * width + j];
                if (idToSlot[j] is { } slot) expanded[(long)r * wide + offsets[j] + slot[(int)v]] = 1;
                else expanded[(long)r * wide + offsets[j]] = v;
            }
        return (expanded, [.. names]);
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == value) return i;
        throw new InvalidOperationException($"'{value}' is not among the categories");
    }
}
