using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace TinyNets.Tests.Cli;

/// <summary>A real tinynets process, interrupted with a real SIGINT (Ctrl-C), leaves a consistent run folder.</summary>
public sealed class InterruptTests
{
    [Fact]
    public void Ctrl_c_stops_after_the_current_step_and_saves_a_consistent_folder()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var dir = new TempDirectory();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "tinynets.dll"), "train", "--dataset", "spiral", "--points", "20000",
                     "--hidden", "64,64", "--epochs", "100000", "--patience", "100000", "--out", dir.Path })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        string? first = process.StandardOutput.ReadLine();   // "attempt 1 of up to 3": training has begun
        Assert.NotNull(first);
        Thread.Sleep(1500);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString()])) kill.WaitForExit();
        Assert.True(process.WaitForExit(60_000), "the process did not stop after SIGINT");
        string rest = process.StandardOutput.ReadToEnd();

        Assert.Equal(130, process.ExitCode);
        Assert.Contains("interrupted", rest);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "summary.json"))).RootElement;
        Assert.True(summary.GetProperty("interrupted").GetBoolean());
        var (_, model) = Serialization.ModelFile.Load(dir.Path);   // loads: complete, consistent files
        Assert.Equal(2, model.InputWidth);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public async Task A_run_of_one_step_prints_nothing_on_standard_error()
    {
        // Skia's native SVG writer prints to the process's standard error, which only a real process shows: a dashed
        // line of one point (every per-epoch validation curve of a one-epoch run) made it print a warning per line.
        if (!OperatingSystem.IsLinux()) return;
        using var dir = new TempDirectory();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "tinynets.dll"), "train", "--dataset", "gaussians", "--points", "100",
                     "--batch-size", "1000", "--epochs", "1", "--out", dir.Path, "--quiet" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000));
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("1 epochs, 1 steps", output);
        Assert.Equal("", await error);
    }
}
