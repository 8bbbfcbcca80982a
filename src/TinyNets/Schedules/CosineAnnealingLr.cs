using TinyNets.Optimizers;

namespace TinyNets.Schedules;

/// <summary>
/// Loshchilov &amp; Hutter (2017), "SGDR", without restarts, as <c>CosineAnnealingLR(T_max, eta_min)</c>:
/// η_t = η_min + (η₀ − η_min)(1 + cos(πt/T_max))/2, computed with PyTorch's recursive form so the values match its
/// float rounding, and continuing past T_max as PyTorch does (the rate climbs back along the cosine).
/// </summary>
public sealed class CosineAnnealingLr : LearningRateSchedule
{
    public CosineAnnealingLr(Optimizer optimizer, int tMax, double etaMin = 0) : base(optimizer)
    {
        TMax = Require.Positive(tMax, "T_max");
        EtaMin = Require.NonNegative(etaMin, "eta_min");
    }

    public int TMax { get; }
    public double EtaMin { get; }

    public override string Name => "cosine";

    protected override double Next(double current, double metric)
    {
        int t = Epoch;
        if ((t - 1 - TMax) % (2 * TMax) == 0)
            return current + (BaseLearningRate - EtaMin) * (1 - Math.Cos(Math.PI / TMax)) / 2;
        return (1 + Math.Cos(Math.PI * t / TMax)) / (1 + Math.Cos(Math.PI * (t - 1) / TMax)) * (current - EtaMin) + EtaMin;
    }
}
