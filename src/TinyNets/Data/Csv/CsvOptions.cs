namespace TinyNets.Data.Csv;

/// <summary>How to read a CSV or TSV table into a data set.</summary>
public sealed record CsvOptions
{
    /// <summary>The first line names the columns (otherwise they are called c0, c1, ...).</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>Field separator; null picks tab for .tsv and .tab files, comma for a first line with a comma, else tab or
    /// semicolon (a spreadsheet's export with decimal commas) if the first line has one, else comma.</summary>
    public char? Delimiter { get; init; }

    /// <summary>
    /// Target columns, by name or by 0-based index (negative counts from the end, as in Python); several for a multi-output
    /// regression. Default: the last column.
    /// </summary>
    public IReadOnlyList<string> Targets { get; init; } = [];

    /// <summary>Feature columns, by name or index. Default: every column that is not a target.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>
    /// "classification", "regression" or "auto": classification when the labels are text, or whole numbers with at most
    /// <see cref="CsvLoader.MaxAutoClasses"/> distinct values; regression otherwise and always with several targets.
    /// </summary>
    public string Task { get; init => field = value is "auto" or "classification" or "regression" ? value
        : throw new TinyNetsException($"unknown task '{value}'; expected auto, classification or regression"); } = "auto";

    /// <summary>
    /// The classes to read the label column as, in this order (a saved model's): each label must be one of them, by its
    /// text or as the same number, and the file may hold any of them, a single one included (a test file of one class).
    /// Null: the classes are the labels found, in sorted order, at least two.
    /// </summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>A saved model's category columns by name, with the values it was trained on, in the order of their 0/1
    /// columns: those columns are read as categories, and a value outside them is an error. Null: a feature column whose
    /// first row holds a word is a category column, its values those found.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Categories { get; init; }

    /// <summary>The file is read to train on, so errors may point to <c>train</c>'s options (<c>--drop-invalid</c>,
    /// <c>--task</c>); <c>predict</c> and <c>evaluate</c> have neither (a prediction per row of the file, none left out,
    /// and the task is the model's).</summary>
    public bool ForTraining { get; init; } = true;

    /// <summary>Drop rows with a missing, NaN or infinite value (and say how many) instead of stopping at the first one.</summary>
    public bool DropInvalid { get; init; }
}
