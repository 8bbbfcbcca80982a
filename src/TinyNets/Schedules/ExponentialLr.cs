using TinyNets.Optimizers;

namespace TinyNets.Schedules;

/// <summary>Multiplies the learning rate by gamma every epoch, as <c>ExponentialLR</c>.</summary>
public sealed class ExponentialLr(Optimizer optimizer, double gamma) : LearningRateSchedule(optimizer)
{
    public double Gamma { get; } = Require.Positive(gamma, "gamma");

    public override string Name => "exponential";

    protected override double Next(double current, double metric) => current * Gamma;
}
