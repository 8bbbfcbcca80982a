namespace TinyNets.Data.Csv;

/// <summary>One field of a line: where it starts, how long it is, and whether it was quoted (RFC 4180).</summary>
internal readonly record struct Field(int Start, int Length, bool Quoted)
{
    /// <summary>1-based column of the field's first character, for error messages.</summary>
    public int Column => Start + 1;

    /// <summary>The field's value as a string.</summary>
    public string Text(ReadOnlySpan<char> line) => Value(line).ToString();

    /// <summary>The field's value: inside the quotes for a quoted field (a doubled quote stays doubled; numbers never have one).</summary>
    public ReadOnlySpan<char> Value(ReadOnlySpan<char> line) =>
        Quoted ? line.Slice(Start + 1, Math.Max(Length - 2, 0)) : line.Slice(Start, Length);
}

/// <summary>The fields of one line, reusing one array from line to line.</summary>
internal sealed class Fields(int expected)
{
    private Field[] _fields = new Field[Math.Max(expected, 1)];

    public int Count { get; private set; }

    public Field this[int index] => _fields[index];

    public static IReadOnlyList<Field> Split(ReadOnlySpan<char> line, char delimiter, string path, long lineNumber)
    {
        var fields = new Fields(8);
        fields.Fill(line, delimiter, path, lineNumber);
        return fields._fields.AsSpan(0, fields.Count).ToArray();
    }

    public void Fill(ReadOnlySpan<char> line, char delimiter, string path, long lineNumber)
    {
        Count = 0;
        int i = 0;
        while (true)
        {
            int start = i;
            bool quoted = i < line.Length && line[i] == '"';
            if (quoted)
            {
                i++;
                while (true)
                {
                    int q = line[i..].IndexOf('"');
                    if (q < 0) throw new TinyNetsException($"{path}:{lineNumber}:{start + 1}: a quoted field is not closed on its line");
                    i += q + 1;
                    if (i < line.Length && line[i] == '"') { i++; continue; }   // "" is an escaped quote
                    break;
                }
                if (i < line.Length && line[i] != delimiter)
                    throw new TinyNetsException($"{path}:{lineNumber}:{i + 1}: expected '{(delimiter == '\t' ? "\\t" : delimiter)}' after a quoted field, found '{line[i]}'");
            }
            else
            {
                int d = line[i..].IndexOf(delimiter);
                i = d < 0 ? line.Length : i + d;
            }
            if (Count == _fields.Length) Array.Resize(ref _fields, _fields.Length * 2);
            _fields[Count++] = new Field(start, i - start, quoted);
            if (i >= line.Length) return;
            i++;   // past the delimiter
            if (i == line.Length)
            {
                if (Count == _fields.Length) Array.Resize(ref _fields, _fields.Length * 2);
                _fields[Count++] = new Field(i, 0, false);   // a trailing empty field
                return;
            }
        }
    }
}
