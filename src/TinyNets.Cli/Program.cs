using TinyNets.Cli;

// Ctrl-C asks the running command to stop after the current step and save what it has; a second Ctrl-C ends the
// process at once. (Left alone, SIGINT would end the process before the run folder is written.)
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (interrupt.IsCancellationRequested) return;
    e.Cancel = true;
    interrupt.Cancel();
};
return CliApp.Run(args, Console.Out, Console.Error, interrupt.Token);
