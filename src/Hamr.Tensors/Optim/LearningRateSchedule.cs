namespace Hamr.Tensors.Optim;

/// <summary>A learning rate as a pure function of the optimiser step (0 for the first step).</summary>
public interface ILearningRateSchedule
{
    double LearningRate(int step);
}

/// <summary>Applies schedules to optimisers.</summary>
public static class LearningRateScheduleExtensions
{
    /// <summary>Sets the optimiser's learning rate to the schedule's value at <paramref name="step"/>.</summary>
    public static void Apply(this ILearningRateSchedule schedule, Optimizer optimizer, int step)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(optimizer);
        optimizer.LearningRate = schedule.LearningRate(step);
    }

    /// <summary>
    /// Sets the learning rate for the optimiser's current <see cref="Optimizer.StepCount"/> and takes one step, so a
    /// run resumed from an optimiser state dictionary continues the schedule where it stopped.
    /// </summary>
    public static void Step(this Optimizer optimizer, ILearningRateSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        schedule.Apply(optimizer, checked((int)optimizer.StepCount));
        optimizer.Step();
    }
}

/// <summary>baseLr · γ^⌊step / stepSize⌋ (torch.optim.lr_scheduler.StepLR).</summary>
public sealed class StepLr : ILearningRateSchedule
{
    public StepLr(double baseLr, int stepSize, double gamma = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSize);
        BaseLr = baseLr;
        StepSize = stepSize;
        Gamma = gamma;
    }

    public double BaseLr { get; }
    public int StepSize { get; }
    public double Gamma { get; }

    public double LearningRate(int step) => BaseLr * Math.Pow(Gamma, Math.Max(step, 0) / StepSize);
}

/// <summary>baseLr · γ^(number of milestones ≤ step) (torch.optim.lr_scheduler.MultiStepLR).</summary>
public sealed class MultiStepLr : ILearningRateSchedule
{
    private readonly int[] _milestones;

    public MultiStepLr(double baseLr, IEnumerable<int> milestones, double gamma = 0.1)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        BaseLr = baseLr;
        _milestones = milestones.Order().ToArray();
        Gamma = gamma;
    }

    public double BaseLr { get; }
    public IReadOnlyList<int> Milestones => _milestones;
    public double Gamma { get; }

    public double LearningRate(int step)
    {
        int passed = 0;
        foreach (int m in _milestones)
        {
            if (step >= m)
            {
                passed++;
            }
        }
        return BaseLr * Math.Pow(Gamma, passed);
    }
}

/// <summary>
/// Cosine annealing from baseLr at step 0 to minLr at <c>totalSteps</c> (and after):
/// minLr + (baseLr − minLr)·(1 + cos(π·step/totalSteps))/2, the closed form of torch's CosineAnnealingLR.
/// </summary>
public sealed class CosineLr : ILearningRateSchedule
{
    public CosineLr(double baseLr, int totalSteps, double minLr = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        BaseLr = baseLr;
        TotalSteps = totalSteps;
        MinLr = minLr;
    }

    public double BaseLr { get; }
    public int TotalSteps { get; }
    public double MinLr { get; }

    public double LearningRate(int step)
    {
        int s = Math.Clamp(step, 0, TotalSteps);
        return MinLr + (BaseLr - MinLr) * (1 + Math.Cos(Math.PI * s / TotalSteps)) / 2;
    }
}

/// <summary>
/// Linear warm-up then an inner schedule: for step &lt; warmupSteps the rate is
/// inner(0)·(startFactor + (1 − startFactor)·step/warmupSteps) (torch's LinearLR); from warmupSteps on it is
/// inner(step − warmupSteps), so the inner schedule starts afresh after warm-up (torch's SequentialLR).
/// </summary>
public sealed class WarmupLr : ILearningRateSchedule
{
    public WarmupLr(ILearningRateSchedule inner, int warmupSteps, double startFactor = 0.1)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        Inner = inner;
        WarmupSteps = warmupSteps;
        StartFactor = startFactor;
    }

    public ILearningRateSchedule Inner { get; }
    public int WarmupSteps { get; }
    public double StartFactor { get; }

    public double LearningRate(int step)
    {
        if (step >= WarmupSteps)
        {
            return Inner.LearningRate(step - WarmupSteps);
        }
        double factor = StartFactor + (1 - StartFactor) * Math.Max(step, 0) / WarmupSteps;
        return Inner.LearningRate(0) * factor;
    }
}

/// <summary>A constant learning rate (the identity schedule, e.g. as the inner schedule of a warm-up).</summary>
public sealed class ConstantLr(double lr) : ILearningRateSchedule
{
    public double LearningRate(int step) => lr;
}
