using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace TinyNets.Studies.Storage;

/// <summary>
/// The embedded store: one SQLite file (<c>DIR/study.db</c>) in WAL mode. Each method is one transaction; one
/// connection serves the process's threads, behind a lock (Microsoft.Data.Sqlite connections are not thread-safe).
/// WAL with synchronous=NORMAL survives a killed process; only a power cut can lose the last commits.
/// </summary>
public sealed class SqliteStudyStore : IStudyStore
{
    private const int SchemaVersion = 1;
    private readonly SqliteConnection _db;
    private readonly Lock _lock = new();
    // Each trial's parameters, parsed once: the runner reads every trial after each one finishes, and parsing their
    // JSON was half of that read (3.2 ms for the classic study's 209 trials; see docs/BENCHMARKS.md).
    private readonly Dictionary<long, Dictionary<string, string>> _parameters = [];

    public SqliteStudyStore(string path)
    {
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            _db.Open();
            Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;");
            int version = Convert.ToInt32(Scalar("PRAGMA user_version"), CultureInfo.InvariantCulture);
            if (version == 0) CreateSchema();
            else if (version != SchemaVersion) throw new TinyNetsException($"{path}: a study store of schema version {version}; this tinynets reads version {SchemaVersion}");
        }
        catch (SqliteException e)
        {
            _db.Dispose();
            throw new TinyNetsException($"{path}: not a study store ({e.Message.TrimEnd('.')})");
        }
    }

    private void CreateSchema()
    {
        using var tx = _db.BeginTransaction();
        Execute("""
            CREATE TABLE studies (
                id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, spec TEXT NOT NULL,
                created_at TEXT NOT NULL, elapsed_seconds REAL NOT NULL DEFAULT 0);
            CREATE TABLE trials (
                id INTEGER PRIMARY KEY, study INTEGER NOT NULL REFERENCES studies(id),
                experiment TEXT NOT NULL, round INTEGER NOT NULL, configuration TEXT NOT NULL, parameters TEXT NOT NULL,
                replicate INTEGER NOT NULL, seed INTEGER NOT NULL, config TEXT NOT NULL,
                state TEXT NOT NULL, attempt INTEGER NOT NULL DEFAULT 0, worker TEXT,
                objective REAL, train_loss REAL, train_accuracy REAL, val_loss REAL, val_accuracy REAL, test_loss REAL, test_accuracy REAL,
                epochs INTEGER, attempts INTEGER, winning_attempt INTEGER, train_seconds REAL, bookkeeping_seconds REAL,
                path TEXT, started_at TEXT, finished_at TEXT, error TEXT,
                UNIQUE (study, experiment, round, configuration, replicate));
            CREATE INDEX trials_queue ON trials (study, state, id);
            CREATE TABLE epochs (
                trial INTEGER NOT NULL REFERENCES trials(id), attempt INTEGER NOT NULL, epoch INTEGER NOT NULL, lr REAL NOT NULL,
                train_loss REAL, train_accuracy REAL, val_loss REAL, val_accuracy REAL, test_loss REAL, test_accuracy REAL,
                PRIMARY KEY (trial, attempt, epoch));
            """, tx);
        Execute($"PRAGMA user_version={SchemaVersion}", tx);
        tx.Commit();
    }

    public StudyInfo Open(string name, string specText)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            var existing = ReadStudies("WHERE name = $name", tx, ("$name", name));
            if (existing.Count > 0)
            {
                if (existing[0].SpecText != specText)
                    throw new TinyNetsException($"study '{name}' already exists here with a different spec; give another --out folder, or restore the spec it was started with (only its budget may change)");
                return existing[0];
            }
            Execute("INSERT INTO studies (name, spec, created_at) VALUES ($name, $spec, $now)", tx, ("$name", name), ("$spec", specText), ("$now", Now()));
            var created = ReadStudies("WHERE name = $name", tx, ("$name", name))[0];
            tx.Commit();
            return created;
        }
    }

    public IReadOnlyList<StudyInfo> Studies()
    {
        lock (_lock) return ReadStudies("ORDER BY id", null);
    }

    public void ReplaceSpec(long study, string specText)
    {
        lock (_lock) Execute("UPDATE studies SET spec = $spec WHERE id = $id", null, ("$spec", specText), ("$id", study));
    }

    public void Advance(long study, IReadOnlyList<NewTrial> add, IReadOnlyList<long> prune)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            foreach (var t in add)
                Execute("""
                    INSERT OR IGNORE INTO trials (study, experiment, round, configuration, parameters, replicate, seed, config, state)
                    VALUES ($study, $experiment, $round, $configuration, $parameters, $replicate, $seed, $config, 'queued')
                    """, tx, ("$study", study), ("$experiment", t.Experiment), ("$round", t.Round), ("$configuration", t.Configuration),
                    ("$parameters", JsonSerializer.Serialize(t.Parameters)), ("$replicate", t.Replicate), ("$seed", (long)t.Seed), ("$config", t.ConfigYaml));
            foreach (long id in prune)
                Execute("UPDATE trials SET state = 'pruned' WHERE id = $id AND study = $study AND state = 'complete'", tx, ("$id", id), ("$study", study));
            tx.Commit();
        }
    }

    public TrialRecord? Claim(long study, string worker)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            var id = Scalar("SELECT id FROM trials WHERE study = $study AND state = 'queued' ORDER BY id LIMIT 1", tx, ("$study", study));
            if (id is null) return null;
            Execute("UPDATE trials SET state = 'running', attempt = attempt + 1, worker = $worker, started_at = $now WHERE id = $id",
                tx, ("$id", id), ("$worker", worker), ("$now", Now()));
            var trial = ReadTrials("WHERE id = $id", tx, ("$id", id))[0];
            tx.Commit();
            return trial;
        }
    }

    public bool Finish(long trial, int attempt, TrialState state, TrialOutcome? outcome, IReadOnlyList<EpochRow> epochs, string? path, string? error)
    {
        if (state is TrialState.Queued or TrialState.Running) throw new ArgumentException($"a trial finishes as complete, pruned, failed or diverged, not {state}", nameof(state));
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            var o = outcome;
            int changed = Execute("""
                UPDATE trials SET state = $state, objective = $objective, train_loss = $train_loss, train_accuracy = $train_accuracy,
                    val_loss = $val_loss, val_accuracy = $val_accuracy, test_loss = $test_loss, test_accuracy = $test_accuracy,
                    epochs = $epochs, attempts = $attempts, winning_attempt = $winning, train_seconds = $train_seconds,
                    bookkeeping_seconds = $bookkeeping, path = $path, finished_at = $now, error = $error
                WHERE id = $id AND state = 'running' AND attempt = $attempt
                """, tx, ("$id", trial), ("$attempt", attempt), ("$state", Name(state)), ("$objective", o?.Objective), ("$train_loss", o?.TrainLoss),
                ("$train_accuracy", o?.TrainAccuracy), ("$val_loss", o?.ValLoss), ("$val_accuracy", o?.ValAccuracy), ("$test_loss", o?.TestLoss),
                ("$test_accuracy", o?.TestAccuracy), ("$epochs", o?.Epochs), ("$attempts", o?.Attempts), ("$winning", o?.WinningAttempt),
                ("$train_seconds", o?.TrainSeconds), ("$bookkeeping", o?.BookkeepingSeconds), ("$path", path), ("$now", Now()), ("$error", error));
            if (changed == 0) return false;
            using var insert = _db.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = """
                INSERT INTO epochs (trial, attempt, epoch, lr, train_loss, train_accuracy, val_loss, val_accuracy, test_loss, test_accuracy)
                VALUES ($trial, $attempt, $epoch, $lr, $train_loss, $train_accuracy, $val_loss, $val_accuracy, $test_loss, $test_accuracy)
                """;
            var p = new[] { "$trial", "$attempt", "$epoch", "$lr", "$train_loss", "$train_accuracy", "$val_loss", "$val_accuracy", "$test_loss", "$test_accuracy" }
                .Select(n => insert.Parameters.Add(n, SqliteType.Real)).ToArray();
            insert.Prepare();
            foreach (var e in epochs)
            {
                p[0].Value = trial; p[1].Value = e.Attempt; p[2].Value = e.Epoch; p[3].Value = e.LearningRate; p[4].Value = Db(e.TrainLoss);
                p[5].Value = Db(e.TrainAccuracy); p[6].Value = Db(e.ValLoss); p[7].Value = Db(e.ValAccuracy); p[8].Value = Db(e.TestLoss); p[9].Value = Db(e.TestAccuracy);
                insert.ExecuteNonQuery();
            }
            tx.Commit();
            return true;
        }
    }

    public int Requeue(long study)
    {
        lock (_lock) return Execute("UPDATE trials SET state = 'queued', worker = NULL WHERE study = $study AND state = 'running'", null, ("$study", study));
    }

    public IReadOnlyList<TrialRecord> Trials(long study)
    {
        lock (_lock) return ReadTrials("WHERE study = $study ORDER BY id", null, ("$study", study));
    }

    public IReadOnlyList<EpochRow> Epochs(long trial)
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT attempt, epoch, lr, train_loss, train_accuracy, val_loss, val_accuracy, test_loss, test_accuracy FROM epochs WHERE trial = $trial ORDER BY attempt, epoch",
                null, ("$trial", trial));
            using var r = cmd.ExecuteReader();
            var rows = new List<EpochRow>();
            while (r.Read())
                rows.Add(new EpochRow(r.GetInt32(0), r.GetInt32(1), r.GetDouble(2), NaN(r, 3) ?? double.NaN, NaN(r, 4), NaN(r, 5), NaN(r, 6), NaN(r, 7), NaN(r, 8)));
            return rows;
        }
    }

    public StudyCounts Counts(long study)
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT state, count(*) FROM trials WHERE study = $study GROUP BY state", null, ("$study", study));
            using var r = cmd.ExecuteReader();
            var n = new Dictionary<string, int>();
            while (r.Read()) n[r.GetString(0)] = r.GetInt32(1);
            int Of(TrialState s) => n.GetValueOrDefault(Name(s));
            return new StudyCounts(n.Values.Sum(), Of(TrialState.Queued), Of(TrialState.Running), Of(TrialState.Complete), Of(TrialState.Pruned),
                Of(TrialState.Failed), Of(TrialState.Diverged));
        }
    }

    public double AddElapsed(long study, double seconds)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            Execute("UPDATE studies SET elapsed_seconds = elapsed_seconds + $s WHERE id = $id", tx, ("$s", seconds), ("$id", study));
            double total = Convert.ToDouble(Scalar("SELECT elapsed_seconds FROM studies WHERE id = $id", tx, ("$id", study)), CultureInfo.InvariantCulture);
            tx.Commit();
            return total;
        }
    }

    public void Dispose() => _db.Dispose();

    private List<StudyInfo> ReadStudies(string where, SqliteTransaction? tx, params (string, object?)[] args)
    {
        using var cmd = Command($"SELECT id, name, spec, elapsed_seconds FROM studies {where}", tx, args);
        using var r = cmd.ExecuteReader();
        var list = new List<StudyInfo>();
        while (r.Read()) list.Add(new StudyInfo(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetDouble(3)));
        return list;
    }

    private List<TrialRecord> ReadTrials(string where, SqliteTransaction? tx, params (string, object?)[] args)
    {
        using var cmd = Command($"""
            SELECT id, experiment, round, configuration, parameters, replicate, seed, config, state, attempt, worker,
                objective, train_loss, train_accuracy, val_loss, val_accuracy, test_loss, test_accuracy,
                epochs, attempts, winning_attempt, train_seconds, bookkeeping_seconds, path, started_at, finished_at, error
            FROM trials {where}
            """, tx, args);
        using var r = cmd.ExecuteReader();
        var list = new List<TrialRecord>();
        while (r.Read())
        {
            long id = r.GetInt64(0);
            if (!_parameters.TryGetValue(id, out var parameters))   // a trial's parameters never change once it is added
                _parameters[id] = parameters = JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(4))!;
            var state = Enum.Parse<TrialState>(r.GetString(8), ignoreCase: true);
            TrialOutcome? outcome = r.IsDBNull(18) ? null : new TrialOutcome(NaN(r, 11), NaN(r, 12) ?? double.NaN, NaN(r, 13), NaN(r, 14), NaN(r, 15), NaN(r, 16), NaN(r, 17),
                r.GetInt32(18), r.GetInt32(19), r.GetInt32(20), r.GetDouble(21), r.GetDouble(22));
            list.Add(new TrialRecord(id, r.GetString(1), r.GetInt32(2), r.GetString(3), parameters, r.GetInt32(5), (ulong)r.GetInt64(6), r.GetString(7),
                state, r.GetInt32(9), r.IsDBNull(10) ? null : r.GetString(10), outcome, r.IsDBNull(23) ? null : r.GetString(23),
                Time(r, 24), Time(r, 25), r.IsDBNull(26) ? null : r.GetString(26)));
        }
        return list;
    }

    /// <summary>SQLite stores NaN as NULL; a NULL that was a NaN (a diverged loss) reads back as null, which every reader treats as "no value".</summary>
    private static double? NaN(SqliteDataReader r, int column) => r.IsDBNull(column) ? null : r.GetDouble(column);

    private static object Db(double? value) => value is double v && double.IsFinite(v) ? v : DBNull.Value;

    private static DateTimeOffset? Time(SqliteDataReader r, int column) =>
        r.IsDBNull(column) ? null : DateTimeOffset.ParseExact(r.GetString(column), "O", CultureInfo.InvariantCulture);   // as Now() writes it

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    internal static string Name(TrialState state) => state.ToString().ToLowerInvariant();

    private SqliteCommand Command(string sql, SqliteTransaction? tx, params (string Name, object? Value)[] args)
    {
        var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value is double d ? Db(d) : value ?? DBNull.Value);
        return cmd;
    }

    private int Execute(string sql, SqliteTransaction? tx = null, params (string, object?)[] args)
    {
        using var cmd = Command(sql, tx, args);
        return cmd.ExecuteNonQuery();
    }

    private object? Scalar(string sql, SqliteTransaction? tx = null, params (string, object?)[] args)
    {
        using var cmd = Command(sql, tx, args);
        var value = cmd.ExecuteScalar();
        return value is DBNull ? null : value;
    }
}
