using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace TinyNets.Serialization;

/// <summary>A named float32 tensor as stored in a weights file.</summary>
public sealed record NamedTensor(string Name, int[] Shape, float[] Data);

/// <summary>The tensors and free-form string metadata of one safetensors file.</summary>
public sealed record SafeTensorsContent(IReadOnlyDictionary<string, NamedTensor> Tensors, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// The safetensors format of Hugging Face: an 8-byte little-endian header length, a JSON header mapping each name to
/// {dtype, shape, data_offsets} (plus an optional "__metadata__" of strings), then the raw little-endian data.
/// TinyNets writes and reads F32 tensors (F64 and F16/BF16 are read and converted).
/// </summary>
public static class SafeTensors
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Writes <paramref name="tensors"/> atomically, in name order, header padded to 8 bytes.</summary>
    public static void Save(string path, IEnumerable<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null, bool durable = true)
    {
        var ordered = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToArray();
        var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var t in ordered)
            {
                long count = t.Shape.Aggregate(1L, (a, d) => a * d);
                if (count != t.Data.Length)
                    throw new ArgumentException($"tensor '{t.Name}' has shape {Models.Parameter.FormatShape(t.Shape)} but {t.Data.Length} values");
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + count * 4);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += count * 4;
            }
            json.WriteEndObject();
        }
        int padding = (int)((8 - header.Length % 8) % 8);
        for (int i = 0; i < padding; i++) header.WriteByte((byte)' ');

        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            header.Position = 0;
            header.CopyTo(stream);
            // Every platform .NET 10 runs on is little-endian, the byte order safetensors stores.
            foreach (var t in ordered) stream.Write(MemoryMarshal.AsBytes(t.Data.AsSpan()));
        }, durable);
    }

    /// <summary>Reads a safetensors file; a malformed file is a <see cref="TinyNetsException"/> naming the file and what is wrong.</summary>
    public static SafeTensorsContent Load(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { throw new TinyNetsException($"{path}: no such file", e); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TinyNetsException($"{path}: cannot read weights file: {e.Message}", e);
        }
        TinyNetsException Bad(string what) => new($"{path}: not a valid safetensors file: {what}");

        if (bytes.Length < 8) throw Bad($"{bytes.Length} bytes, shorter than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8) || headerLength > MaxHeaderBytes)
            throw Bad($"header length {headerLength} exceeds the file's {bytes.Length - 8} remaining bytes");
        int dataStart = 8 + (int)headerLength;
        long dataLength = bytes.Length - dataStart;

        var tensors = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad("header is not a JSON object");
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name == MetadataKey)
                {
                    foreach (var m in entry.Value.EnumerateObject()) metadata[m.Name] = m.Value.GetString() ?? "";
                    continue;
                }
                string dtype = entry.Value.GetProperty("dtype").GetString() ?? "";
                int[] shape = entry.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
                    throw Bad($"tensor '{entry.Name}' has data offsets [{string.Join(", ", offsets)}] outside the {dataLength} data bytes");
                long count = shape.Aggregate(1L, (a, d) => a * d);
                int size = dtype switch
                {
                    "F32" => 4,
                    "F64" => 8,
                    "F16" or "BF16" => 2,
                    _ => throw Bad($"tensor '{entry.Name}' has dtype {dtype}; TinyNets reads F32, F64, F16 and BF16"),
                };
                if (offsets[1] - offsets[0] != count * size)
                    throw Bad($"tensor '{entry.Name}' of shape {Models.Parameter.FormatShape(shape)} and dtype {dtype} needs {count * size} bytes, its offsets span {offsets[1] - offsets[0]}");
                var span = bytes.AsSpan(dataStart + (int)offsets[0], (int)(count * size));
                var data = new float[count];
                for (int i = 0; i < data.Length; i++)
                    data[i] = dtype switch
                    {
                        "F32" => BinaryPrimitives.ReadSingleLittleEndian(span.Slice(i * 4)),
                        "F64" => (float)BinaryPrimitives.ReadDoubleLittleEndian(span.Slice(i * 8)),
                        "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(span.Slice(i * 2)),
                        _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(span.Slice(i * 2)) << 16),
                    };
                tensors[entry.Name] = new NamedTensor(entry.Name, shape, data);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw Bad($"header: {e.Message}");
        }
        return new SafeTensorsContent(tensors, metadata);
    }
}
