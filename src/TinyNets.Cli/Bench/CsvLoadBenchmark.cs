using System.Diagnostics;
using System.Globalization;
using TinyNets.Data.Csv;
using TinyNets.Randomness;

namespace TinyNets.Cli.Bench;

/// <summary>
/// Loading a 1,000,000 × 20 numeric CSV (plus a label column): seconds, and managed bytes allocated during the load
/// against the size of the float32 feature matrix (allocated bytes bound the load's peak managed memory from above).
/// </summary>
public static class CsvLoadBenchmark
{
    public sealed record Result(int Rows, int Columns, long FileBytes, double Seconds, double AllocatedOverMatrix);

    public static Result Run(int rows = 1_000_000, int columns = 20, int repeats = 3)
    {
        string path = Path.Combine(Path.GetTempPath(), $"tinynets-bench-{Environment.ProcessId}.csv");
        try
        {
            Write(path, rows, columns);
            CsvLoader.Load(path);   // warm-up
            var seconds = new double[repeats];
            double allocated = 0;
            for (int r = 0; r < repeats; r++)
            {
                GC.Collect();
                long before = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                var table = CsvLoader.Load(path);
                seconds[r] = clock.Elapsed.TotalSeconds;
                allocated = (GC.GetTotalAllocatedBytes(precise: true) - before) / (4.0 * table.Data.Features.Length);
            }
            Array.Sort(seconds);
            return new Result(rows, columns, new FileInfo(path).Length, seconds[repeats / 2], allocated);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Write(string path, int rows, int columns)
    {
        var random = new RandomStream(1);
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 20);
        writer.WriteLine(string.Join(",", Enumerable.Range(1, columns).Select(c => $"x{c}").Append("label")));
        var line = new System.Text.StringBuilder();
        for (int r = 0; r < rows; r++)
        {
            line.Clear();
            for (int c = 0; c < columns; c++)
                line.Append(((float)random.Normal()).ToString("R", CultureInfo.InvariantCulture)).Append(',');
            line.Append(r % 3 == 0 ? "a" : r % 3 == 1 ? "b" : "c");
            writer.WriteLine(line);
        }
    }
}
