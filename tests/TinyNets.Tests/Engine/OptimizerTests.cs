using TinyNets.Models;
using TinyNets.Optimizers;
using Xunit;

namespace TinyNets.Tests.Engine;

/// <summary>One-step updates in closed form, state save/load, and option validation.</summary>
public sealed class OptimizerTests
{
    private static readonly float[] Theta = [0.5f, -1.25f, 2f];
    private static readonly float[] Grad = [0.2f, -0.4f, 0.05f];

    private static Parameter Param()
    {
        var p = new Parameter("0.weight", 3);
        Theta.CopyTo(p.Value, 0);
        Grad.CopyTo(p.Grad, 0);
        return p;
    }

    private static void AssertStep(Func<Parameter[], Optimizer> make, Func<double, double, double> expected)
    {
        var p = Param();
        make([p]).Step();
        var truth = Theta.Select((t, i) => (float)expected(t, Grad[i])).ToArray();
        Numerics.AssertClose(truth, p.Value, 1e-6, 1e-7, "one step");
    }

    [Fact]
    public void Sgd_first_step_is_theta_minus_lr_times_gradient_plus_decay() =>
        AssertStep(ps => new Sgd(ps, new SgdOptions { LearningRate = 0.1, Momentum = 0.9, WeightDecay = 0.01 }),
            (t, g) => t - 0.1 * (g + 0.01 * t));   // the first momentum buffer is the gradient itself

    [Fact]
    public void Sgd_nesterov_first_step_looks_ahead() =>
        AssertStep(ps => new Sgd(ps, new SgdOptions { LearningRate = 0.1, Momentum = 0.9, Nesterov = true }),
            (t, g) => t - 0.1 * (g + 0.9 * g));

    [Fact]
    public void Sgd_momentum_second_step_uses_the_velocity()
    {
        var p = Param();
        var sgd = new Sgd([p], new SgdOptions { LearningRate = 0.1, Momentum = 0.9, Dampening = 0.5 });
        sgd.Step();
        sgd.Step();   // same gradient again: b₂ = 0.9·g + 0.5·g
        var truth = Theta.Select((t, i) => (float)(t - 0.1 * Grad[i] - 0.1 * 1.4 * Grad[i])).ToArray();
        Numerics.AssertClose(truth, p.Value, 1e-6, 1e-7, "two steps");
    }

    [Fact]
    public void Adam_first_step_moves_every_weight_by_about_lr_against_the_gradient_sign() =>
        // m̂ = g, v̂ = g²: the step is lr·g/(|g| + ε).
        AssertStep(ps => new Adam(ps, new AdamOptions { LearningRate = 0.01 }), (t, g) => t - 0.01 * g / (Math.Abs(g) + 1e-8));

    [Fact]
    public void AdamW_first_step_decays_then_moves() =>
        AssertStep(ps => new AdamW(ps), (t, g) => t * (1 - 1e-3 * 0.01) - 1e-3 * g / (Math.Abs(g) + 1e-8));

    [Fact]
    public void RmsProp_first_step_divides_by_the_root_of_the_first_average() =>
        AssertStep(ps => new RmsProp(ps, new RmsPropOptions { LearningRate = 0.01 }),
            (t, g) => t - 0.01 * g / (Math.Sqrt(0.01 * g * g) + 1e-8));

    [Fact]
    public void RmsProp_centered_first_step_subtracts_the_squared_mean_gradient() =>
        AssertStep(ps => new RmsProp(ps, new RmsPropOptions { LearningRate = 0.01, Centered = true }),
            (t, g) => t - 0.01 * g / (Math.Sqrt(0.01 * g * g - 0.0001 * g * g) + 1e-8));

    [Fact]
    public void Adagrad_first_step_is_lr_times_gradient_sign() =>
        AssertStep(ps => new Adagrad(ps, new AdagradOptions { LearningRate = 0.1, InitialAccumulatorValue = 0.5 }),
            (t, g) => t - 0.1 * g / (Math.Sqrt(0.5 + g * g) + 1e-10));

    public static IEnumerable<object[]> AllKinds =>
    [
        [(Func<Parameter[], Optimizer>)(ps => new Sgd(ps, new SgdOptions { LearningRate = 0.1, Momentum = 0.9, Nesterov = true }))],
        [(Func<Parameter[], Optimizer>)(ps => new Adam(ps, new AdamOptions { AmsGrad = true }))],
        [(Func<Parameter[], Optimizer>)(ps => new AdamW(ps))],
        [(Func<Parameter[], Optimizer>)(ps => new RmsProp(ps, new RmsPropOptions { Centered = true, Momentum = 0.5 }))],
        [(Func<Parameter[], Optimizer>)(ps => new Adagrad(ps, new AdagradOptions { LearningRateDecay = 0.1 }))],
    ];

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Saved_state_continues_bit_for_bit(Func<Parameter[], Optimizer> make)
    {
        // Reference: 6 steps straight. Resumed: 3 steps, save weights and state, a new optimizer loads them, 3 more.
        var p = Param();
        var straight = make([p]);
        for (int s = 0; s < 6; s++) { Grad.CopyTo(p.Grad, 0); p.Grad[s % 3] += s * 0.1f; straight.Step(); }

        var q = Param();
        var first = make([q]);
        for (int s = 0; s < 3; s++) { Grad.CopyTo(q.Grad, 0); q.Grad[s % 3] += s * 0.1f; first.Step(); }
        var state = first.SaveState();
        var weights = q.Value.ToArray();
        var r = Param();
        weights.CopyTo(r.Value, 0);
        var resumed = make([r]);
        resumed.LoadState(state);
        for (int s = 3; s < 6; s++) { Grad.CopyTo(r.Grad, 0); r.Grad[s % 3] += s * 0.1f; resumed.Step(); }

        Assert.Equal(p.Value, r.Value);
        Assert.Equal(6, resumed.StepCount);
    }

    [Fact]
    public void State_of_another_optimizer_is_refused()
    {
        var adam = new Adam([Param()], new AdamOptions()).SaveState();
        var e = Assert.Throws<TinyNetsException>(() => new RmsProp([Param()], new RmsPropOptions()).LoadState(adam));
        Assert.Contains("'adam'", e.Message);
    }

    [Fact]
    public void Options_are_validated_with_pytorch_style_messages()
    {
        Assert.Equal("lr must be >= 0, got -0.1", Assert.Throws<TinyNetsException>(() => new SgdOptions { LearningRate = -0.1 }).Message);
        Assert.Equal(0, new AdamOptions { LearningRate = 0 }.LearningRate);   // PyTorch accepts 0 (its check is 0 <= lr)
        Assert.Equal("beta2 must be in [0, 1), got 1", Assert.Throws<TinyNetsException>(() => new AdamOptions { Beta2 = 1 }).Message);
        Assert.Equal("momentum must be >= 0, got -1", Assert.Throws<TinyNetsException>(() => new RmsPropOptions { Momentum = -1 }).Message);
        Assert.Contains("nesterov", Assert.Throws<TinyNetsException>(() => new Sgd([Param()], new SgdOptions { Nesterov = true })).Message);
    }

    [Fact]
    public void Defaults_are_pytorchs()
    {
        Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 0.0), (new AdamOptions().LearningRate, new AdamOptions().Beta1, new AdamOptions().Beta2, new AdamOptions().Epsilon, new AdamOptions().WeightDecay));
        Assert.Equal(0.01, AdamW.DefaultOptions.WeightDecay);
        Assert.Equal((1e-2, 0.99, 1e-8), (new RmsPropOptions().LearningRate, new RmsPropOptions().Alpha, new RmsPropOptions().Epsilon));
        Assert.Equal((1e-2, 1e-10), (new AdagradOptions().LearningRate, new AdagradOptions().Epsilon));
    }
}
