using System.Text.Json;

namespace TinyNets.Serialization;

/// <summary>A JSON file that does not parse (cut short, edited by hand) as one line naming file:line:column.</summary>
internal static class JsonMistake
{
    /// <summary>The parser's message without its own position and path suffixes, which the prefix already says.</summary>
    public static TinyNetsException At(string path, JsonException e) =>
        new($"{path}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: not valid JSON: {e.Message.Split(" LineNumber:")[0].Split(" Path:")[0]}", e);
}
