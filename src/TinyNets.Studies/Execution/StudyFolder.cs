using TinyNets.Studies.Storage;

namespace TinyNets.Studies.Execution;

/// <summary>
/// A study's folder: <c>study.db</c> (the store), <c>study.yaml</c> (the spec), <c>trials/NNNN/</c> (one run folder per
/// trial), <c>best/</c> (the best trial's model) and <c>report.html</c>. A trial's folder is written under a temporary
/// name and renamed into place before the store records it, so the store never references a partial folder.
/// </summary>
public sealed class StudyFolder(string path)
{
    public string Path { get; } = path;
    public string Database => System.IO.Path.Combine(Path, "study.db");
    public string Spec => System.IO.Path.Combine(Path, "study.yaml");
    public string Report => System.IO.Path.Combine(Path, "report.html");
    public string Best => System.IO.Path.Combine(Path, "best");
    public string Trials => System.IO.Path.Combine(Path, "trials");

    public bool Exists => File.Exists(Database);

    /// <summary>A trial's folder, relative to the study folder (as the store keeps it).</summary>
    public static string TrialFolder(long id) => System.IO.Path.Combine("trials", id.ToString("0000", System.Globalization.CultureInfo.InvariantCulture));

    public string Full(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>A temporary folder for a trial attempt, under trials/ so the final rename stays on one file system.</summary>
    public string Staging(TrialRecord trial) => System.IO.Path.Combine(Trials, $".tmp-{trial.Id:0000}-{trial.Attempt}-{Environment.ProcessId}");

    /// <summary>
    /// Removes what a killed process left: staging folders, and trial folders the store does not reference (renamed
    /// into place, but killed before the store recorded them). Their trials run again.
    /// </summary>
    public void RemoveOrphans(IReadOnlyList<TrialRecord> trials)
    {
        if (!Directory.Exists(Trials)) return;
        var referenced = trials.Where(t => t.Path is not null).Select(t => System.IO.Path.GetFullPath(Full(t.Path!))).ToHashSet();
        foreach (var dir in Directory.GetDirectories(Trials))
            if (!referenced.Contains(System.IO.Path.GetFullPath(dir))) Directory.Delete(dir, recursive: true);
    }

    /// <summary>
    /// Holds <c>study.lock</c> for as long as the returned handle is open: one process runs a study at a time (the
    /// operating system drops the lock when the process dies, even by SIGKILL).
    /// </summary>
    public IDisposable Lock()
    {
        if (File.Exists(Path)) throw new TinyNetsException($"{Path}: a file, not a folder; give --out the folder the study should go to");
        Directory.CreateDirectory(Path);
        string file = System.IO.Path.Combine(Path, "study.lock");
        try
        {
            var stream = new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            var pid = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
            stream.Write(pid);
            stream.Flush();
            return stream;
        }
        catch (IOException)
        {
            // The holder's pid is in the file, but the lock keeps other processes from reading it.
            throw new TinyNetsException($"{Path} is being run by another tinynets process; wait for it, or stop it first");
        }
    }
}
