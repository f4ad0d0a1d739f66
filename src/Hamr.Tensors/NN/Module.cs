namespace Hamr.Tensors.NN;

/// <summary>
/// A layer or network: named parameters (trainable leaves), buffers (state such as running statistics),
/// child modules, a train/eval mode, and a state dictionary of all of them by dotted name.
/// </summary>
public abstract class Module
{
    private readonly List<KeyValuePair<string, Tensor>> _parameters = new();
    private readonly List<KeyValuePair<string, Tensor>> _buffers = new();
    private readonly List<KeyValuePair<string, Module>> _children = new();

    /// <summary>True in training mode (dropout active, batch norm uses batch statistics).</summary>
    public bool IsTraining { get; private set; } = true;

    public abstract Tensor Forward(Tensor input);

    /// <summary>Registers a trainable tensor (copied out of any pooling scope, marked RequiresGrad).</summary>
    protected Tensor RegisterParameter(string name, Tensor value)
    {
        var p = Persistent(value).RequireGrad();
        p.Name = name;
        Add(_parameters, name, p);
        return p;
    }

    /// <summary>Registers non-trainable state saved with the module (e.g. running mean).</summary>
    protected Tensor RegisterBuffer(string name, Tensor value)
    {
        var b = Persistent(value);
        b.Name = name;
        Add(_buffers, name, b);
        return b;
    }

    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        Add(_children, name, module);
        return module;
    }

    private void Add<T>(List<KeyValuePair<string, T>> list, string name, T value)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"invalid name '{name}' (empty or containing '.')");
        }
        if (_parameters.Any(p => p.Key == name) || _buffers.Any(p => p.Key == name) || _children.Any(p => p.Key == name))
        {
            throw new ArgumentException($"name '{name}' registered twice in {GetType().Name}");
        }
        list.Add(new(name, value));
    }

    private static Tensor Persistent(Tensor value)
    {
        if (!TensorScope.IsPooling && value.IsContiguous && value.IsLeaf)
        {
            return value;
        }
        using var _ = TensorScope.Suspend();
        return value.Detach().Clone();
    }

    public IEnumerable<KeyValuePair<string, Module>> NamedChildren() => _children;

    /// <summary>All parameters with dotted names (children after own), in registration order.</summary>
    public IEnumerable<KeyValuePair<string, Tensor>> NamedParameters(string prefix = "")
    {
        foreach (var p in _parameters)
        {
            yield return new(prefix + p.Key, p.Value);
        }
        foreach (var c in _children)
        {
            foreach (var p in c.Value.NamedParameters(prefix + c.Key + "."))
            {
                yield return p;
            }
        }
    }

    public IEnumerable<KeyValuePair<string, Tensor>> NamedBuffers(string prefix = "")
    {
        foreach (var b in _buffers)
        {
            yield return new(prefix + b.Key, b.Value);
        }
        foreach (var c in _children)
        {
            foreach (var b in c.Value.NamedBuffers(prefix + c.Key + "."))
            {
                yield return b;
            }
        }
    }

    public IReadOnlyList<Tensor> Parameters() => NamedParameters().Select(p => p.Value).ToList();

    /// <summary>Number of trainable scalars.</summary>
    public long ParameterCount() => NamedParameters().Sum(p => (long)p.Value.Count);

    /// <summary>Parameters and buffers by dotted name (the tensors themselves, not copies).</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var dict = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var p in NamedParameters())
        {
            dict.Add(p.Key, p.Value);
        }
        foreach (var b in NamedBuffers())
        {
            dict.Add(b.Key, b.Value);
        }
        return dict;
    }

    /// <summary>
    /// Copies values into this module's tensors. Strict mode refuses missing and unexpected names; shape
    /// mismatches are always refused. All problems are reported together in one <see cref="StateDictException"/>.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        var own = StateDict();
        var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
        var mismatched = own.Where(kv => state.TryGetValue(kv.Key, out var v) && !v.Shape.SequenceEqual(kv.Value.Shape))
            .Select(kv => $"{kv.Key}: expected {ShapeUtil.Format(kv.Value.Shape)}, got {ShapeUtil.Format(state[kv.Key].Shape)}")
            .ToList();
        if (mismatched.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
        {
            throw new StateDictException(missing, unexpected, mismatched);
        }
        foreach (var (name, target) in own)
        {
            if (state.TryGetValue(name, out var source))
            {
                StridedCopy.Gather(source, target.AsSpan());
            }
        }
    }

    public Module Train(bool training = true)
    {
        IsTraining = training;
        foreach (var c in _children)
        {
            c.Value.Train(training);
        }
        return this;
    }

    public Module Eval() => Train(false);

    /// <summary>Clears the gradients of all parameters in place.</summary>
    public void ZeroGrad()
    {
        foreach (var p in NamedParameters())
        {
            p.Value.ZeroGrad();
        }
    }
}

/// <summary>A state dictionary that does not fit a module: lists every missing, unexpected and mis-shaped name.</summary>
public sealed class StateDictException(IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> mismatched)
    : Exception(Describe(missing, unexpected, mismatched))
{
    public IReadOnlyList<string> Missing { get; } = missing;
    public IReadOnlyList<string> Unexpected { get; } = unexpected;
    public IReadOnlyList<string> ShapeMismatches { get; } = mismatched;

    private static string Describe(IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> mismatched)
    {
        var parts = new List<string>();
        if (missing.Count > 0)
        {
            parts.Add("missing: " + string.Join(", ", missing));
        }
        if (unexpected.Count > 0)
        {
            parts.Add("unexpected: " + string.Join(", ", unexpected));
        }
        if (mismatched.Count > 0)
        {
            parts.Add("shape mismatch: " + string.Join("; ", mismatched));
        }
        return "state dictionary does not fit the module (" + string.Join(" | ", parts) + ")";
    }
}
