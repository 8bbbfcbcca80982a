namespace TinyNets;

/// <summary>Argument checks shared by option records, with messages in PyTorch's style ("lr must be > 0, got -0.1").</summary>
internal static class Require
{
    public static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw Fail(name, "> 0", value);

    public static double NonNegative(double value, string name) =>
        value >= 0 && double.IsFinite(value) ? value : throw Fail(name, ">= 0", value);

    public static double InRange01(double value, string name) =>
        value >= 0 && value < 1 ? value : throw Fail(name, "in [0, 1)", value);

    public static int Positive(int value, string name) =>
        value > 0 ? value : throw new TinyNetsException($"{name} must be > 0, got {value}");

    public static double Finite(double value, string name) =>
        double.IsFinite(value) ? value : throw Fail(name, "finite", value);

    private static TinyNetsException Fail(string name, string what, double value) =>
        new($"{name} must be {what}, got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
}
