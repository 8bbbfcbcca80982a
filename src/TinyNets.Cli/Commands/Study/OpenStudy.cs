using TinyNets.Studies.Execution;
using TinyNets.Studies.Specs;
using TinyNets.Studies.Storage;

namespace TinyNets.Cli.Commands.Study;

/// <summary>An existing study folder, opened: its store, the one study it holds, and the spec that study was started with.</summary>
internal sealed class OpenStudy : IDisposable
{
    private OpenStudy(StudyFolder folder, SqliteStudyStore store, StudyInfo info)
    {
        Folder = folder;
        Store = store;
        Info = info;
        Spec = StudySpecYaml.Parse(info.SpecText, folder.Spec, info.Name);
    }

    public StudyFolder Folder { get; }
    public SqliteStudyStore Store { get; }
    public StudyInfo Info { get; }
    public StudySpec Spec { get; }

    /// <summary>Opens the study folder at <paramref name="path"/>, or fails with a one-line error.</summary>
    public static OpenStudy At(string path)
    {
        var folder = new StudyFolder(path);
        if (!folder.Exists) throw new TinyNetsException($"{path}: not a study folder (no study.db); start one with tinynets study run SPEC.yaml --out {path}");
        var store = new SqliteStudyStore(folder.Database);
        try
        {
            var info = store.Studies() switch
            {
                [var one] => one,
                [] => throw new TinyNetsException($"{folder.Database}: holds no study"),
                var many => throw new TinyNetsException($"{folder.Database}: holds {many.Count} studies; this tinynets expects one per folder"),
            };
            return new OpenStudy(folder, store, info);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public void Dispose() => Store.Dispose();
}
