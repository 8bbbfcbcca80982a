using TinyNets.Optimizers;

namespace TinyNets.Schedules;

/// <summary>
/// Changes an optimizer's learning rate once per epoch, as a <c>torch.optim.lr_scheduler</c>: call
/// <see cref="Step"/> after each epoch's optimizer steps. Schedules that do not look at a metric ignore it.
/// </summary>
public abstract class LearningRateSchedule
{
    protected LearningRateSchedule(Optimizer optimizer)
    {
        Optimizer = optimizer;
        BaseLearningRate = optimizer.LearningRate;
    }

    public Optimizer Optimizer { get; }

    /// <summary>The learning rate the optimizer had when the schedule was made.</summary>
    public double BaseLearningRate { get; }

    /// <summary>Epochs stepped so far (PyTorch's <c>last_epoch</c>).</summary>
    public int Epoch { get; private set; }

    /// <summary>The name the command line and configs use.</summary>
    public abstract string Name { get; }

    /// <summary>Ends an epoch; <paramref name="metric"/> is the monitored value (validation loss) where a schedule needs one.</summary>
    public void Step(double metric = double.NaN)
    {
        Epoch++;
        Optimizer.LearningRate = Next(Optimizer.LearningRate, metric);
    }

    /// <summary>The learning rate for the epoch now starting (<see cref="Epoch"/>), given the current one.</summary>
    protected abstract double Next(double current, double metric);
}
