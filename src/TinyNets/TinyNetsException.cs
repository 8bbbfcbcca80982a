namespace TinyNets;

/// <summary>
/// A mistake in what the user asked for or supplied (a bad option, a file that does not match a model).
/// The command line prints its message as one line and exits with code 2; it never shows a stack trace.
/// </summary>
public sealed class TinyNetsException : Exception
{
    public TinyNetsException(string message) : base(message) { }

    public TinyNetsException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The option the mistake is in, as a flag without its dashes and as a config key (<c>epochs</c>,
    /// <c>lr</c>), when it is one option's: a config file or study spec can then say where that option's value stands.</summary>
    public string? Option { get; init; }
}
