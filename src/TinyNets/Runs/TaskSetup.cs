using TinyNets.Data;
using TinyNets.Losses;

namespace TinyNets.Runs;

/// <summary>How targets are laid out for the loss.</summary>
public enum TargetEncoding
{
    /// <summary>One class index per row (cross-entropy).</summary>
    ClassIndex,
    /// <summary>One 0/1 column per class (MSE and friends on a softmax, or several sigmoid units).</summary>
    OneHot,
    /// <summary>One 0/1 column: the second class is 1 (a single sigmoid or logit unit).</summary>
    Binary,
    /// <summary>The target values themselves (regression).</summary>
    Values,
}

/// <summary>
/// The output activation, loss, output width and target layout of a run, with "auto" resolved from the data:
/// two classes give one sigmoid unit with BCE, k classes give k logits with cross-entropy, regression gives an
/// identity output with MSE. Combinations that would train something other than what was meant are refused with the reason.
/// </summary>
public sealed record TaskSetup(string Output, string Loss, int OutputWidth, TargetEncoding Encoding)
{
    public static TaskSetup Resolve(string output, string loss, Dataset data)
    {
        bool classes = data.IsClassification;
        int k = data.ClassCount;
        if (output == "identity") output = "none";
        if (!classes)
        {
            if (loss is "bce" or "bce-logits" or "cross-entropy")
                throw new TinyNetsException($"--loss {loss} needs class labels; the target is a regression target (use mse, huber or l1, or --task classification)");
            if (output == "softmax") throw new TinyNetsException("--output softmax needs class labels; the target is a regression target");
            return new TaskSetup(output == "auto" ? "none" : output, loss == "auto" ? "mse" : loss, data.TargetWidth, TargetEncoding.Values);
        }
        // As a CSV with one label is refused when read: there is nothing to tell apart (a generator asked for --classes 1).
        if (k < 2) throw new TinyNetsException($"classification needs at least two classes; the data has {k}");

        if (loss == "auto")
            loss = output switch
            {
                "softmax" => "mse",                      // softmax + MSE on one-hot: the original experiments
                "sigmoid" => k == 2 ? "bce" : "mse",
                "none" => k == 2 ? "bce-logits" : "cross-entropy",
                _ => k == 2 ? "bce" : "cross-entropy",
            };
        if (output == "auto")
            output = loss switch
            {
                "cross-entropy" or "bce-logits" => "none",
                "bce" => "sigmoid",
                _ => k == 2 ? "sigmoid" : "softmax",
            };

        switch (loss)
        {
            case "cross-entropy":
                if (output != "none") throw new TinyNetsException($"--loss cross-entropy takes logits and applies softmax itself; use --output none, not {output}");
                return new TaskSetup(output, loss, k, TargetEncoding.ClassIndex);
            case "bce":
            case "bce-logits":
                if (k != 2) throw new TinyNetsException($"--loss {loss} is for two classes; the data has {k} (use cross-entropy)");
                if (loss == "bce" && output != "sigmoid") throw new TinyNetsException($"--loss bce takes probabilities: use --output sigmoid (or --loss bce-logits with --output none), not {output}");
                if (loss == "bce-logits" && output != "none") throw new TinyNetsException($"--loss bce-logits applies the sigmoid itself; use --output none, not {output}");
                return new TaskSetup(output, loss, 1, TargetEncoding.Binary);
            default:   // mse, huber, l1 on classes
                if (output == "softmax") return new TaskSetup(output, loss, k, TargetEncoding.OneHot);
                return k == 2 ? new TaskSetup(output, loss, 1, TargetEncoding.Binary) : new TaskSetup(output, loss, k, TargetEncoding.OneHot);
        }
    }

    public Loss CreateLoss() => LossNames.Create(Loss);

    /// <summary>The data with targets laid out as this setup's loss takes them.</summary>
    public Dataset Encode(Dataset data) => Encoding switch
    {
        TargetEncoding.OneHot => Targets.OneHot(data),
        _ => data,   // class indices are already 0/1 for two classes; values stay values
    };
}
