using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TinyNets.Initializers;
using TinyNets.Models;
using TinyNets.Randomness;
using TinyNets.Serialization;
using Xunit;

namespace TinyNets.Tests.Engine;

public sealed class SerializationTests
{
    private static Sequential Model(int[] sizes, string output = "softmax", double dropout = 0)
    {
        var model = new ModelSpec(sizes, "relu", output, dropout).Build();
        WeightInit.Apply(model, "default", new RandomStream(9));
        return model;
    }

    [Fact]
    public void State_dict_keys_follow_torch_sequential_indices()
    {
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias", "6.weight", "6.bias"],
            Model([2, 4, 12, 4, 5]).Parameters.Select(p => p.Name));
        // Dropout after each hidden activation takes an index too, as in nn.Sequential.
        Assert.Equal(["0.weight", "0.bias", "3.weight", "3.bias"], Model([2, 4, 3], dropout: 0.5).Parameters.Select(p => p.Name));
        Assert.Equal([4, 2], Model([2, 4, 1]).Parameters[0].Shape);
    }

    [Fact]
    public void Safetensors_round_trip_is_exact_and_the_header_is_valid()
    {
        using var dir = new TempDirectory();
        var model = Model([2, 4, 12, 4, 5]);
        string path = dir.File("model.safetensors");
        StateDict.Save(model, path, new Dictionary<string, string> { ["format"] = "pt" });

        var bytes = File.ReadAllBytes(path);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, (8 + headerLength) % 8);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength));
        var w = header.RootElement.GetProperty("2.weight");
        Assert.Equal("F32", w.GetProperty("dtype").GetString());
        Assert.Equal([12, 4], w.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("pt", header.RootElement.GetProperty("__metadata__").GetProperty("format").GetString());
        long dataBytes = bytes.Length - 8 - (long)headerLength;
        Assert.Equal(model.ParameterCount * 4L, dataBytes);

        var copy = Model([2, 4, 12, 4, 5]);
        WeightInit.Apply(copy, "zeros", new RandomStream(0));
        StateDict.Load(copy, path);
        for (int i = 0; i < model.Parameters.Length; i++)
            Assert.Equal(model.Parameters[i].Value, copy.Parameters[i].Value);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void Shape_mismatch_names_the_key_and_both_shapes()
    {
        using var dir = new TempDirectory();
        StateDict.Save(Model([3, 4, 5]), dir.File("w.safetensors"));
        var e = Assert.Throws<TinyNetsException>(() => StateDict.Load(Model([2, 4, 5]), dir.File("w.safetensors")));
        Assert.Contains("'0.weight'", e.Message);
        Assert.Contains("[4, 3]", e.Message);
        Assert.Contains("[4, 2]", e.Message);
    }

    [Fact]
    public void Missing_and_unexpected_keys_are_named_and_nothing_is_changed()
    {
        using var dir = new TempDirectory();
        var model = Model([2, 4, 5]);
        SafeTensors.Save(dir.File("partial.safetensors"), StateDict.Of(model).Where(t => t.Name != "2.bias"));
        WeightInit.Apply(model, "zeros", new RandomStream(0));
        var missing = Assert.Throws<TinyNetsException>(() => StateDict.Load(model, dir.File("partial.safetensors")));
        Assert.Contains("missing key '2.bias' (shape [5])", missing.Message);
        Assert.All(model.Parameters[0].Value, v => Assert.Equal(0f, v));   // checked before copying: never half-loaded

        StateDict.Save(Model([2, 4, 4, 5]), dir.File("big.safetensors"));
        var e = Assert.Throws<TinyNetsException>(() => StateDict.Load(Model([2, 4, 5]), dir.File("big.safetensors")));
        Assert.Contains("unexpected key(s) '4.bias', '4.weight'", e.Message);
    }

    [Fact]
    public void Malformed_files_are_clear_errors()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("short.safetensors"), [1, 2, 3]);
        Assert.Contains("shorter than the 8-byte header", Assert.Throws<TinyNetsException>(() => SafeTensors.Load(dir.File("short.safetensors"))).Message);

        var huge = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(huge, 1000);
        File.WriteAllBytes(dir.File("huge.safetensors"), huge);
        Assert.Contains("header length 1000", Assert.Throws<TinyNetsException>(() => SafeTensors.Load(dir.File("huge.safetensors"))).Message);

        File.WriteAllBytes(dir.File("json.safetensors"), Header("{\"a\": {\"dtype\": \"F32\", "));
        Assert.Contains("json.safetensors: not a valid safetensors file", Assert.Throws<TinyNetsException>(() => SafeTensors.Load(dir.File("json.safetensors"))).Message);

        File.WriteAllBytes(dir.File("i64.safetensors"), Header("{\"a\": {\"dtype\": \"I64\", \"shape\": [1], \"data_offsets\": [0, 8]}}", 8));
        Assert.Contains("dtype I64", Assert.Throws<TinyNetsException>(() => SafeTensors.Load(dir.File("i64.safetensors"))).Message);

        File.WriteAllBytes(dir.File("offsets.safetensors"), Header("{\"a\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [0, 16]}}", 8));
        Assert.Contains("outside the 8 data bytes", Assert.Throws<TinyNetsException>(() => SafeTensors.Load(dir.File("offsets.safetensors"))).Message);

        Assert.EndsWith("absent.safetensors: no such file", Assert.Throws<TinyNetsException>(() => SafeTensors.Load(dir.File("absent.safetensors"))).Message);
    }

    [Fact]
    public void Model_folder_round_trips_architecture_and_weights()
    {
        using var dir = new TempDirectory();
        var spec = new ModelSpec([2, 4, 12, 4, 5], "leaky-relu", "softmax", leakySlope: 0.2);
        var model = spec.Build();
        WeightInit.Apply(model, "he-uniform", new RandomStream(4), "leaky-relu", 0.2);
        ModelFile.Save(dir.Path, spec, model);

        var (loadedSpec, loaded) = ModelFile.Load(dir.Path);
        Assert.Equal(spec.Sizes, loadedSpec.Sizes);
        Assert.Equal("leaky-relu", loadedSpec.Activation);
        Assert.Equal(0.2, loadedSpec.LeakySlope);
        float[] x = [0.3f, -1.2f, 2f, 0.5f];
        Assert.Equal(model.Forward(x, 2).ToArray(), loaded.Forward(x, 2).ToArray());
        var json = File.ReadAllText(dir.File("model.json"));
        Assert.Contains("nn.Sequential(nn.Linear(2, 4), nn.LeakyReLU(0.2), nn.Linear(4, 12)", json);
    }

    [Fact]
    public void A_model_json_without_its_optional_fields_reads_with_their_defaults()
    {
        using var dir = new TempDirectory();
        var spec = new ModelSpec([2, 3, 1], "relu", "sigmoid");
        ModelFile.Save(dir.Path, spec, spec.Build());
        File.WriteAllText(dir.File("model.json"), """{"sizes": [2, 3, 1], "activation": "relu", "output": "sigmoid"}""");

        var (file, model) = ModelFile.LoadFile(dir.Path);
        Assert.Equal((ModelFile.CurrentFormat, 0.01, 0.0, ""), (file.Format, file.LeakySlope, file.Dropout, file.Torch));
        Assert.Null(file.Classes);
        Assert.Equal(1, model.OutputWidth);

        File.WriteAllText(dir.File("model.json"), """{"activation": "relu", "output": "sigmoid"}""");
        var missing = Assert.Throws<TinyNetsException>(() => ModelFile.LoadFile(dir.Path));
        Assert.Contains("sizes", missing.Message);
    }

    [Fact]
    public void Atomic_write_leaves_the_old_file_when_writing_fails()
    {
        using var dir = new TempDirectory();
        string path = dir.File("config.yaml");
        AtomicFile.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("new, half"u8);
            throw new InvalidOperationException("disk full");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void A_file_that_cannot_be_written_is_named_not_its_temporary_file()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("taken"));   // a folder where the file should go
        var e = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(dir.File("taken"), "x"));
        Assert.StartsWith($"{dir.File("taken")}: cannot write: ", e.Message);
        Assert.DoesNotContain(".tmp", e.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    private static byte[] Header(string json, int dataBytes = 0)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        return bytes;
    }
}
