using System.Globalization;
using Hamr.Tensors.Kernels;

namespace Hamr.Tensors.Optim;

/// <summary>
/// Base of the gradient-descent optimisers: holds the parameters, the learning rate (which schedules set), lazily
/// allocated per-parameter state, and a state dictionary (<c>step</c>, <c>state.{index}.step</c>,
/// <c>state.{index}.{buffer}</c>) that lets training resume exactly from a checkpoint.
/// </summary>
public abstract class Optimizer
{
    private readonly Tensor[] _parameters;
    private readonly ParameterState?[] _state;
    private double _learningRate;

    protected Optimizer(IEnumerable<Tensor> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i] ?? throw new ArgumentException($"parameter {i} is null");
            if (!seen.Add(p))
            {
                throw new ArgumentException($"parameter {i} ({p.Name ?? "unnamed"}) appears more than once");
            }
            if (!p.IsContiguous)
            {
                throw new ArgumentException($"parameter {i} ({p.Name ?? "unnamed"}) is a non-contiguous view");
            }
        }
        _state = new ParameterState?[_parameters.Length];
        LearningRate = learningRate;
    }

    /// <summary>The optimised tensors, in the order their state is indexed.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>Step size; schedules overwrite it before each step.</summary>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            if (!(value >= 0) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "learning rate must be finite and >= 0");
            }
            _learningRate = value;
        }
    }

    /// <summary>Number of completed <see cref="Step()"/> calls (saved and restored with the state).</summary>
    public long StepCount { get; private set; }

    /// <summary>Names of the per-parameter buffers this optimiser keeps (e.g. exp_avg), in allocation order.</summary>
    protected abstract IReadOnlyList<string> BufferNames { get; }

    /// <summary>
    /// Updates a run of one parameter's elements in place from the gradient (the same run of both, and of the state
    /// buffers in <paramref name="state"/>). <paramref name="state"/>.Step has already been incremented (it is 1 on the
    /// first update of this parameter). Large parameters are updated in runs on several threads at once, so the
    /// update must be elementwise; must not allocate.
    /// </summary>
    protected abstract void Update(Span<float> parameter, ReadOnlySpan<float> gradient, StateSlice state);

    /// <summary>Parameters at least this long are updated by several threads, in runs of at least half of it.</summary>
    private const int ParallelLength = 1 << 15;

    /// <summary>One update of every parameter that has a gradient (parameters with a null Grad are skipped).</summary>
    public void Step()
    {
        using var noGrad = GradMode.NoGrad();
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            var g = p.Grad;
            if (g is null)
            {
                continue;
            }
            if (!g.Shape.SequenceEqual(p.Shape))
            {
                throw new InvalidOperationException(
                    $"gradient of parameter {i} has shape {ShapeUtil.Format(g.Shape)}, parameter has {ShapeUtil.Format(p.Shape)}");
            }
            var state = _state[i] ??= NewState(p.Count);
            state.Step++;
            if (!g.IsContiguous)
            {
                g = g.Contiguous();
            }
            int runs = Math.Min(ParallelFor.MaxDegree * 2, p.Count / (ParallelLength / 2));
            if (runs > 1 && ParallelFor.DegreeFor(runs) > 1)
            {
                ParallelFor.Run(runs, new UpdateRun(this, p, g, state, runs));
            }
            else
            {
                Update(p.Span, g.Span, new StateSlice(state, 0, p.Count));
            }
        }
        StepCount++;
    }

    /// <summary>One of <c>runs</c> equal runs of a parameter's update (elementwise, so the result does not depend on the split).</summary>
    private readonly struct UpdateRun(Optimizer optimizer, Tensor parameter, Tensor gradient, ParameterState state, int runs)
        : IParallelBody
    {
        public void Invoke(int index)
        {
            int n = parameter.Count, start = (int)((long)n * index / runs), end = (int)((long)n * (index + 1) / runs);
            optimizer.Update(parameter.Span[start..end], gradient.Span[start..end], new StateSlice(state, start, end - start));
        }
    }

    /// <summary>Clears every parameter's gradient in place (buffers are kept for reuse).</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            p.ZeroGrad();
        }
    }

    private ParameterState NewState(int count)
    {
        using var persistent = TensorScope.Suspend();
        var names = BufferNames;
        var buffers = new Tensor[names.Count];
        for (int k = 0; k < buffers.Length; k++)
        {
            buffers[k] = Tensor.Zeros(count);
        }
        return new ParameterState(buffers);
    }

    /// <summary>
    /// A snapshot (copies) of the optimiser state: <c>step</c> (a scalar), and for every parameter updated at
    /// least once <c>state.{i}.step</c> and <c>state.{i}.{buffer}</c> in the parameter's shape. Step counts are
    /// stored as float32 and so are exact up to 2^24 steps.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        using var persistent = TensorScope.Suspend();
        var names = BufferNames;
        var dict = new Dictionary<string, Tensor>(StringComparer.Ordinal) { ["step"] = Tensor.Scalar(StepCount) };
        for (int i = 0; i < _state.Length; i++)
        {
            var s = _state[i];
            if (s is null)
            {
                continue;
            }
            dict[Key(i, "step")] = Tensor.Scalar(s.Step);
            for (int k = 0; k < names.Count; k++)
            {
                dict[Key(i, names[k])] = Tensor.FromArray(s.Buffers[k].Span, _parameters[i].GetShape());
            }
        }
        return dict;
    }

    /// <summary>
    /// Restores a state from <see cref="StateDict"/> (values are copied). Unknown names, parameter indices out
    /// of range, incomplete per-parameter state and shape mismatches are all reported in one
    /// <see cref="OptimizerStateException"/>, and nothing is changed then.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var names = BufferNames;
        var problems = new List<string>();
        var present = new Dictionary<int, Dictionary<string, Tensor>>();
        long stepCount = 0;
        if (!state.TryGetValue("step", out var stepTensor))
        {
            problems.Add("missing 'step'");
        }
        else if (!TryReadCount(stepTensor, out stepCount))
        {
            problems.Add("'step' is not a non-negative integer scalar");
        }
        foreach (var (key, value) in state)
        {
            if (key == "step")
            {
                continue;
            }
            var parts = key.Split('.');
            if (parts.Length != 3 || parts[0] != "state"
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                || (parts[2] != "step" && !names.Contains(parts[2])))
            {
                problems.Add($"unexpected '{key}'");
                continue;
            }
            if (index >= _parameters.Length)
            {
                problems.Add($"'{key}' refers to parameter {index}, optimiser has {_parameters.Length}");
                continue;
            }
            if (!present.TryGetValue(index, out var entries))
            {
                present[index] = entries = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            }
            entries[parts[2]] = value;
        }
        foreach (var (index, entries) in present)
        {
            var p = _parameters[index];
            if (!entries.TryGetValue("step", out var s))
            {
                problems.Add($"missing '{Key(index, "step")}'");
            }
            else if (!TryReadCount(s, out _))
            {
                problems.Add($"'{Key(index, "step")}' is not a non-negative integer scalar");
            }
            foreach (var name in names)
            {
                if (!entries.TryGetValue(name, out var b))
                {
                    problems.Add($"missing '{Key(index, name)}'");
                }
                else if (!b.Shape.SequenceEqual(p.Shape))
                {
                    problems.Add($"'{Key(index, name)}': expected {ShapeUtil.Format(p.Shape)}, got {ShapeUtil.Format(b.Shape)}");
                }
            }
        }
        if (problems.Count > 0)
        {
            throw new OptimizerStateException(problems);
        }

        Array.Clear(_state);
        foreach (var (index, entries) in present)
        {
            var restored = NewState(_parameters[index].Count);
            TryReadCount(entries["step"], out long step);
            restored.Step = step;
            for (int k = 0; k < names.Count; k++)
            {
                StridedCopy.Gather(entries[names[k]], restored.Buffers[k].Span);
            }
            _state[index] = restored;
        }
        StepCount = stepCount;
    }

    private static string Key(int index, string name) => string.Create(CultureInfo.InvariantCulture, $"state.{index}.{name}");

    private static bool TryReadCount(Tensor t, out long value)
    {
        value = 0;
        if (t.Count != 1)
        {
            return false;
        }
        float f = t.ToArray()[0];
        if (!(f >= 0) || f != MathF.Floor(f) || float.IsInfinity(f))
        {
            return false;
        }
        value = (long)f;
        return true;
    }

    /// <summary>The state of one parameter as <see cref="Update"/> sees it: its step and a run of its buffers.</summary>
    protected readonly ref struct StateSlice
    {
        private readonly ParameterState _state;
        private readonly int _start, _length;

        internal StateSlice(ParameterState state, int start, int length)
        {
            _state = state;
            _start = start;
            _length = length;
        }

        /// <summary>Updates applied to this parameter, including the current one.</summary>
        public long Step => _state.Step;

        /// <summary>The run of buffer <paramref name="index"/> (same order as BufferNames) that matches the parameter run.</summary>
        public Span<float> Buffer(int index) => _state.Buffer(index).Slice(_start, _length);
    }

    /// <summary>Per-parameter state: the number of updates applied and the optimiser's buffers (flat, persistent).</summary>
    protected sealed class ParameterState
    {
        internal ParameterState(Tensor[] buffers) => Buffers = buffers;

        /// <summary>Updates applied to this parameter, including the current one.</summary>
        public long Step { get; internal set; }

        internal Tensor[] Buffers { get; }

        /// <summary>The elements of buffer <paramref name="index"/> (same order as BufferNames).</summary>
        public Span<float> Buffer(int index) => Buffers[index].Span;
    }
}

/// <summary>An optimiser state dictionary that does not fit the optimiser; lists every problem found.</summary>
public sealed class OptimizerStateException(IReadOnlyList<string> problems)
    : Exception("optimiser state does not fit: " + string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
