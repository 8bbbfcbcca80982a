using System.Reflection;
using System.Text.RegularExpressions;
using Spectre.Console.Cli;

namespace TinyNets.Cli;

/// <summary>
/// Rewrites the parser's message for a value it could not convert ("Failed to convert 'abc' to Nullable`1.", which
/// names neither the option nor what it takes) as "--lr expects a number, got 'abc'": the option is the one the
/// value followed on the command line (or <c>--lr=abc</c>), and what it takes comes from the settings classes'
/// declarations of that option.
/// </summary>
internal static partial class OptionValueError
{
    [GeneratedRegex(@"^Failed to convert '(?<value>.*)' to (?<type>[^ ]+)\.$", RegexOptions.Singleline)]
    private static partial Regex ConversionFailed();

    /// <summary>The clearer message, or null when <paramref name="message"/> is not a failed conversion.</summary>
    public static string? Explain(string message, IReadOnlyList<string> args)
    {
        var match = ConversionFailed().Match(message);
        if (!match.Success) return null;
        string value = match.Groups["value"].Value;
        string? option = OptionGiven(value, args);
        return option is null ? $"'{value}' is not a value its option takes" : $"{option} expects {Expected(option)}, got '{value}'";
    }

    // The last option the value was given to: "--lr abc" or "--lr=abc".
    private static string? OptionGiven(string value, IReadOnlyList<string> args)
    {
        for (int i = args.Count - 1; i >= 0; i--)
        {
            if (args[i] == value && i > 0 && args[i - 1].StartsWith('-')) return args[i - 1];
            int equals = args[i].IndexOf('=');
            if (args[i].StartsWith('-') && equals > 0 && args[i][(equals + 1)..] == value) return args[i][..equals];
        }
        return null;
    }

    // What every command declaring the option takes: whole numbers if all declare an integer type.
    private static string Expected(string option)
    {
        string name = option.TrimStart('-');
        var types = typeof(CliApp).Assembly.GetTypes()
            .Where(t => typeof(CommandSettings).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(p => p.GetCustomAttribute<CommandOptionAttribute>() is { } a && (a.LongNames.Contains(name) || a.ShortNames.Contains(name)))
            .Select(p => Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType)
            .ToList();
        if (types.Count == 0) return "another kind of value";
        if (types.All(t => t == typeof(ulong) || t == typeof(uint))) return "a whole number >= 0";
        if (types.All(t => t == typeof(int) || t == typeof(long) || t == typeof(ulong) || t == typeof(uint))) return "a whole number";
        return "a number";
    }
}
