namespace TinyNets.Diagnostics.Rules;

/// <summary>
/// A sigmoid or tanh layer where, over the last quarter of the run, at least half the outputs sit in the flat tails
/// (sigmoid below 0.01 or above 0.99, |tanh| above 0.99), where the derivative is nearly zero; information only for a
/// hidden layer of a net that fits its training data, which the saturation did not stop. The output layer's
/// sigmoid saturates in a classifier that is right and sure of it, so there it counts only while the net does not yet
/// fit its training data (outputs sure and wrong), and not under binary cross-entropy, whose log cancels the flat tail:
/// its gradient at the logit is p − y however saturated p is (until p rounds to exactly 0 or 1, which takes a logit
/// beyond about ±17 and a learning rate that <see cref="Oscillation"/> reports).
/// </summary>
public sealed class Saturation : IDiagnosisRule
{
    public string Name => "saturation";

    public IEnumerable<Finding> Check(RunTrace trace)
    {
        foreach (var (layer, kind) in trace.Activations.OrderBy(a => a.Key))
        {
            if (kind is not ("sigmoid" or "tanh")) continue;
            var tail = Series.Tail(trace.Column($"{layer}.saturated_fraction"), 0.25);
            if (tail.Length == 0) continue;
            double saturated = tail.Average(t => t.Value);
            if (saturated < 0.5) continue;
            bool output = trace.IsOutput(layer);
            if (output && (trace.Fitted || trace.Loss == "bce")) continue;
            string which = output ? $"the output layer's {kind} outputs (layer {layer})" : $"the {kind} outputs of layer {layer}";
            string wrong = output && trace.Epochs.Count > 0 && trace.Epochs[^1].TrainAccuracy is double accuracy ? $", while {Series.Percent(1 - accuracy)} of the training rows are still wrong" : "";
            // A hidden layer that saturated in a net that fits its data did not stop it learning: information, not a warning.
            bool harmless = !output && trace.Fitted;
            yield return new Finding(Name, harmless ? Severity.Info : Severity.Warning, Series.Step(trace, tail[0].Row), Series.Step(trace, tail[^1].Row), $"{layer}",
                $"{Series.Percent(saturated)} of {which} are saturated{wrong}: in the flat tails the derivative is almost zero, so little gradient gets through" +
                (harmless ? ". The net fits its training data, so here it did not stop learning; the units would be slow to learn anything new." : "."),
                output ? "Lower the learning rate, or train a classifier with --loss auto (binary cross-entropy, whose gradient does not vanish in the tails)."
                    : "Standardize the inputs, use --init xavier-uniform, lower the learning rate, or switch to --activation relu.");
        }
    }
}
