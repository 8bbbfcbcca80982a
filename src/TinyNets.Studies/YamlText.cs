using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TinyNets.Studies;

/// <summary>Loads YAML text for the config and spec readers, every syntax mistake as one line naming file:line:column.</summary>
public static class YamlText
{
    /// <summary>
    /// The documents of <paramref name="text"/>; <paramref name="file"/> names it in messages. YamlDotNet reports most
    /// mistakes as a <see cref="YamlException"/> with a position, but a few inside an unclosed flow mapping or sequence
    /// (<c>base: {dataset: moons</c> followed by more lines) as an <see cref="InvalidOperationException"/> from its
    /// scanner, with no position: those take the scanner's.
    /// </summary>
    public static YamlStream Load(string text, string file)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException e) when (e.Message.Contains("tab", StringComparison.Ordinal) && TabIndented(text) is int line)
        {
            // YamlDotNet places a tab used to indent at the start of the mapping it breaks, often line 1: name the line.
            throw new TinyNetsException($"{file}:{line}:1: not valid YAML: a tab indents this line; YAML indents with spaces only");
        }
        catch (YamlException e)
        {
            throw new TinyNetsException($"{file}:{e.Start.Line}:{e.Start.Column}: not valid YAML: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            var at = scanner.CurrentPosition;
            throw new TinyNetsException($"{file}:{at.Line}:{at.Column}: not valid YAML: a '{{' or '[' opened before here is not closed");
        }
        return stream;
    }

    /// <summary>The first line (from 1) whose indentation holds a tab, or null.</summary>
    private static int? TabIndented(string text)
    {
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            if (lines[i].AsSpan(0, indent).Contains('\t')) return i + 1;
        }
        return null;
    }
}
