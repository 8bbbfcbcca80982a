using System.Globalization;
using TinyNets.Runs;
using TinyNets.Training;

namespace TinyNets.Cli.Commands;

/// <summary>
/// <c>train</c>'s progress: on a terminal, one line rewritten in place (epoch, losses, accuracy, time left), ended with
/// the last epoch's figures before anything else is printed; redirected, plain lines every tenth of the epochs, with no
/// escape codes.
/// </summary>
internal sealed class TrainProgress(TextWriter writer, int epochs, bool live) : IRunObserver
{
    private readonly int _every = Math.Max(1, epochs / 10);
    private readonly System.Diagnostics.Stopwatch _clock = new();
    private long _lastDraw = -1000;
    private string? _open;   // the last epoch's figures, on a line not yet ended
    private int _width;      // how much of that line is drawn

    public void AttemptStarted(int attempt, int maxAttempts)
    {
        Finish();
        _clock.Restart();
        _lastDraw = -1000;
        if (maxAttempts > 1) writer.WriteLine($"attempt {attempt + 1} of up to {maxAttempts}");
    }

    public void EpochEnded(int attempt, EpochMetrics m)
    {
        string line = $"epoch {m.Epoch,6}  loss {TrainCommand.F(m.TrainLoss)}" +
            (m.ValidationLoss is double vl ? $"  val_loss {TrainCommand.F(vl)}" : "") +
            (m.ValidationAccuracy is double va ? $"  val_acc {va.ToString("0.0000", CultureInfo.InvariantCulture)}" : "");
        if (!live)
        {
            if (m.Epoch % _every == 0) writer.WriteLine(line);
            return;
        }
        _open = line;
        long now = _clock.ElapsedMilliseconds;
        if (now - _lastDraw < 100 && m.Epoch != epochs) return;
        _lastDraw = now;
        double left = (epochs - m.Epoch) * _clock.Elapsed.TotalSeconds / m.Epoch;
        Draw($"{line}  eta {left.ToString("0", CultureInfo.InvariantCulture)}s");
    }

    /// <summary>Ends the in-place line with the last epoch's figures (an attempt stopped early may not have drawn them),
    /// so that what is printed next starts on a line of its own.</summary>
    public void Finish()
    {
        if (!live || _open is null) return;
        Draw(_open);
        writer.WriteLine();
        writer.Flush();
        _open = null;
        _width = 0;
    }

    private void Draw(string text)
    {
        writer.Write($"\r{text.PadRight(_width)}");   // spaces over what a longer line left
        writer.Flush();
        _width = text.Length;
    }
}
