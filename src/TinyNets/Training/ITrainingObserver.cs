namespace TinyNets.Training;

/// <summary>What a step's observers are told.</summary>
/// <param name="Epoch">Epoch number, from 1.</param>
/// <param name="Step">Steps taken before this one in the whole fit, from 0.</param>
/// <param name="Batch">Rows in this minibatch.</param>
/// <param name="Loss">This minibatch's mean loss.</param>
/// <param name="LearningRate">The learning rate this step uses.</param>
public readonly record struct StepInfo(int Epoch, long Step, int Batch, float Loss, double LearningRate);

/// <summary>
/// Watches a training run without changing the loop: the recorder, early stopping and progress displays are observers.
/// The model's parameters, gradients and layer outputs are readable through <see cref="Trainer.Model"/> in each hook.
/// Hooks run on the training thread; the per-step hooks must not allocate if training is to stay allocation-free.
/// A hook left to its empty default is never called, so an observer of epochs costs nothing per step.
/// </summary>
public interface ITrainingObserver
{
    /// <summary>Fit is about to run <paramref name="expectedSteps"/> steps at most: the time to size buffers.</summary>
    void TrainingStarted(Trainer trainer, long expectedSteps) { }

    /// <summary>Gradients of this minibatch are in every parameter's <c>Grad</c> (before clipping and the optimizer step).</summary>
    void AfterBackward(Trainer trainer, in StepInfo step) { }

    /// <summary>The optimizer has updated the parameters.</summary>
    void AfterStep(Trainer trainer, in StepInfo step) { }

    /// <summary>An epoch ended and was evaluated; call <see cref="Trainer.RequestStop"/> to end training.</summary>
    void EpochEnd(Trainer trainer, EpochMetrics metrics) { }
}
