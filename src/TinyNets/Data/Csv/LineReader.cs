using System.Text;

namespace TinyNets.Data.Csv;

/// <summary>
/// Lines of a UTF-8 text file as spans into one growing character buffer: no string is made per line. A line is valid
/// until the next call. Handles \n and \r\n endings and a byte-order mark.
/// </summary>
internal sealed class LineReader : IDisposable
{
    private readonly StreamReader _reader;
    private char[] _buffer = new char[1 << 16];
    private int _start, _end;
    private bool _eof;

    public LineReader(string path) =>
        _reader = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, 1 << 16);

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    public bool Next(out ReadOnlyMemory<char> line)
    {
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf('\n');
            if (newline >= 0)
            {
                int length = newline;
                if (length > 0 && _buffer[_start + length - 1] == '\r') length--;
                line = _buffer.AsMemory(_start, length);
                _start += newline + 1;
                LineNumber++;
                return true;
            }
            if (_eof)
            {
                if (_start == _end)
                {
                    line = default;
                    return false;
                }
                int length = _end - _start;
                if (_buffer[_end - 1] == '\r') length--;
                line = _buffer.AsMemory(_start, length);
                _start = _end;
                LineNumber++;
                return true;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);   // a line longer than the buffer
        int read = _reader.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _eof = true;
        _end += read;
    }

    public void Dispose() => _reader.Dispose();
}
