using TinyNets.Runs;

namespace TinyNets.Studies;

/// <summary>
/// A run configuration as the <c>tinynets train</c> flags that reproduce it: every key whose value differs from the
/// default, as <c>--key value</c> (config.yaml's keys are the flags without dashes), booleans as their switches.
/// </summary>
public static class TrainCommandLine
{
    private static readonly Dictionary<string, (bool Default, string Flag)> Switches = new()
    {
        ["shuffle"] = (true, "--no-shuffle"),
        ["standardize"] = (true, "--no-standardize"),
        ["record"] = (true, "--no-record"),
        ["early-stopping"] = (true, "--no-early-stopping"),
        ["header"] = (true, "--no-header"),
        ["drop-invalid"] = (false, "--drop-invalid"),
        ["nesterov"] = (false, "--nesterov"),
    };

    public static string For(RunConfig config)
    {
        var defaults = new RunConfig();
        var parts = new List<string> { "tinynets", "train" };
        foreach (var key in RunConfigYaml.KeyNames)
        {
            string value = RunConfigYaml.ValueText(config, key);
            if (value == RunConfigYaml.ValueText(defaults, key) || value == "null") continue;
            if (Switches.TryGetValue(key, out var s))
            {
                if ((value == "true") != s.Default) parts.Add(s.Flag);
                continue;
            }
            parts.Add($"--{key}");
            parts.Add(Quote(value.StartsWith('[') ? value.Trim('[', ']').Replace(" ", "", StringComparison.Ordinal) : value.Trim('\'')));
        }
        return string.Join(' ', parts);
    }

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || c is '.' or ',' or '-' or '_' or '/' or ':' or '+') ? value : "'" + value.Replace("'", "'\\''") + "'";
}
