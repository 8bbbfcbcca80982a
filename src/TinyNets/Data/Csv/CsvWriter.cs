using System.Globalization;
using System.Text;
using TinyNets.Serialization;

namespace TinyNets.Data.Csv;

/// <summary>
/// Writes a data set as CSV: a header of feature and target names, one row per example, numbers in their shortest
/// round-trip form (so a reload gives the same floats bit for bit) and class labels by name. Written atomically.
/// </summary>
public static class CsvWriter
{
    public static void Save(Dataset data, string path)
    {
        var text = new StringBuilder();
        bool oneHot = data.IsClassification && data.TargetWidth > 1;
        var header = data.FeatureNames.Concat(oneHot ? [LabelName(data)] : data.TargetNames);
        text.AppendJoin(',', header.Select(Quote)).Append('\n');
        for (int r = 0; r < data.Rows; r++)
        {
            var features = data.FeatureRow(r);
            for (int j = 0; j < features.Length; j++)
                text.Append(features[j].ToString("R", CultureInfo.InvariantCulture)).Append(',');
            var targets = data.TargetRow(r);
            if (data.IsClassification)
                text.Append(Quote(data.ClassNames[oneHot ? targets.IndexOf(1f) : (int)targets[0]]));
            else
                text.AppendJoin(',', targets.ToArray().Select(t => t.ToString("R", CultureInfo.InvariantCulture)));
            text.Append('\n');
        }
        AtomicFile.WriteAllText(path, text.ToString());
    }

    private static string LabelName(Dataset data) => data.TargetNames[0].Split('=')[0];

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r\t") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
