using TinyNets.Optimizers;

namespace TinyNets.Schedules;

/// <summary>Multiplies the learning rate by gamma every <c>stepSize</c> epochs, as <c>StepLR</c> (default gamma 0.1).</summary>
public sealed class StepLr : LearningRateSchedule
{
    public StepLr(Optimizer optimizer, int stepSize, double gamma = 0.1) : base(optimizer)
    {
        StepSize = Require.Positive(stepSize, "step_size");
        Gamma = Require.Positive(gamma, "gamma");
    }

    public int StepSize { get; }
    public double Gamma { get; }

    public override string Name => "step";

    // PyTorch's chainable form: multiply on the epochs that are multiples of the step size.
    protected override double Next(double current, double metric) => Epoch % StepSize == 0 ? current * Gamma : current;
}
