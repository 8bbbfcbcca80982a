namespace TinyNets.Serialization;

/// <summary>
/// Writes a file so that readers see either the old content or the whole new content, never a part:
/// the bytes go to a temporary file beside the target, are flushed to disk, and the temporary file is renamed over it.
/// Not <c>durable</c>, the flush to disk is skipped: the file is still whole for any reader and survives the process
/// being killed, but not a power cut. A study's trial folder is written so, then made visible as a whole by renaming
/// the folder (fsync per file was a third of a trial's bookkeeping).
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write, bool durable = true)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: durable);
            }
            File.Move(temporary, full, overwrite: true);
        }
        // The system names the temporary file, which the user never asked for: name the file they did.
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: cannot write: {e.Message.Replace(temporary, full)}", e);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public static void WriteAllText(string path, string text, bool durable = true) =>
        Write(path, s =>
        {
            var bytes = new System.Text.UTF8Encoding(false).GetBytes(text);
            s.Write(bytes);
        }, durable);
}
