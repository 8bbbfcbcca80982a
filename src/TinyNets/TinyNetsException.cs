namespace TinyNets;

/// <summary>
/// A mistake in what the user asked for or supplied (a bad option, a file that does not match a model).
/// The command line prints its message as one line and exits with code 2; it never shows a stack trace.
/// </summary>
public sealed class TinyNetsException : Exception
{
    public TinyNetsException(string message) : base(message) { }

    public TinyNetsException(string message, Exception inner) : base(message, inner) { }
}
