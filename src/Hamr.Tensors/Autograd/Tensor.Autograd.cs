namespace Hamr.Tensors;

public sealed partial class Tensor
{
    private bool _requiresGrad;

    internal GradNode? GradFn;

    /// <summary>Accumulated gradient of a leaf after <see cref="Backward"/>; null until then.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>Whether gradients flow to (or through) this tensor. Settable on leaves only.</summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (GradFn is not null && !value)
            {
                throw new InvalidOperationException("cannot clear RequiresGrad on a non-leaf tensor; use Detach()");
            }
            _requiresGrad = value;
        }
    }

    /// <summary>True for tensors not produced by a recorded op (inputs, parameters).</summary>
    public bool IsLeaf => GradFn is null;

    /// <summary>Name of the op that produced this tensor, or null for a leaf.</summary>
    public string? GradFnName => GradFn?.Name;

    /// <summary>Fluent form of setting <see cref="RequiresGrad"/>.</summary>
    public Tensor RequireGrad(bool value = true)
    {
        RequiresGrad = value;
        return this;
    }

    /// <summary>The same data, cut from the graph.</summary>
    public Tensor Detach() => new(Buffer, Offset, Dims, Strides);

    /// <summary>Clears the gradient in place (keeps the buffer for reuse).</summary>
    public void ZeroGrad()
    {
        if (Grad is { IsContiguous: true })
        {
            Grad.Span.Clear();
        }
        else if (Grad is not null)
        {
            StridedCopy.Scatter(new float[Grad.Count], Grad); // a strided Grad: clear its elements, not its raw span
        }
    }

    internal static bool AnyRequiresGrad(Tensor a) => GradMode.IsEnabled && a._requiresGrad;

    internal static bool AnyRequiresGrad(Tensor a, Tensor b) => GradMode.IsEnabled && (a._requiresGrad || b._requiresGrad);

    internal static bool AnyRequiresGrad(ReadOnlySpan<Tensor> ts)
    {
        if (!GradMode.IsEnabled)
        {
            return false;
        }
        foreach (var t in ts)
        {
            if (t._requiresGrad)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Attaches a backward record to an op's result when any input requires a gradient.</summary>
    internal static Tensor Record(Tensor result, string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
    {
        if (AnyRequiresGrad(inputs))
        {
            result.GradFn = new GradNode(name, inputs, backward);
            result._requiresGrad = true;
        }
        return result;
    }

    /// <summary>
    /// A differentiable op defined outside this library (e.g. a rasteriser's soft silhouette, a skinning kernel):
    /// <paramref name="result"/> is a fresh tensor the caller computed from the values of <paramref name="inputs"/>;
    /// <paramref name="backward"/> receives the gradient of the result (possibly a non-contiguous view: call
    /// <c>Contiguous()</c> before reading its span) and returns one gradient per input in that input's shape, or null
    /// for inputs that do not require one. Backward runs with gradients off, so it may use tensor ops freely.
    /// Nothing is recorded when no input requires a gradient or inside <see cref="GradMode.NoGrad"/>.
    /// </summary>
    public static Tensor CustomOp(Tensor result, string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(backward);
        if (result.GradFn is not null || result._requiresGrad)
        {
            throw new ArgumentException("CustomOp needs a fresh result tensor, not one already in the graph", nameof(result));
        }
        return Record(result, name, inputs, backward);
    }

    /// <summary>
    /// Reverse-mode differentiation from this tensor. With no <paramref name="gradient"/> the tensor must hold
    /// one element (a loss) and its gradient is 1. Leaf gradients accumulate (call ZeroGrad between steps).
    /// </summary>
    public void Backward(Tensor? gradient = null)
    {
        if (!_requiresGrad)
        {
            throw new InvalidOperationException("Backward() on a tensor that does not require a gradient");
        }
        if (gradient is null)
        {
            if (Count != 1)
            {
                throw new InvalidOperationException($"Backward() without a gradient needs a one-element tensor, got {ShapeUtil.Format(Dims)}");
            }
            gradient = Full(1f, Dims);
        }
        else if (!gradient.Shape.SequenceEqual(Shape))
        {
            throw new ArgumentException($"gradient shape {ShapeUtil.Format(gradient.Dims)} differs from tensor shape {ShapeUtil.Format(Dims)}");
        }

        var order = TopologicalOrder(this);
        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance) { [this] = gradient };
        using var _ = GradMode.NoGrad();
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var t = order[i];
            if (!grads.Remove(t, out var g))
            {
                continue;
            }
            if (t.GradFn is null)
            {
                t.AccumulateLeafGrad(g);
                continue;
            }
            var node = t.GradFn;
            var inputGrads = node.Backward(g);
            for (int k = 0; k < node.Inputs.Length; k++)
            {
                var input = node.Inputs[k];
                var gi = k < inputGrads.Length ? inputGrads[k] : null;
                if (gi is null || !input._requiresGrad)
                {
                    continue;
                }
                if (!gi.Shape.SequenceEqual(input.Shape))
                {
                    throw new InvalidOperationException(
                        $"{node.Name} backward produced gradient {ShapeUtil.Format(gi.Dims)} for input {k} of shape {ShapeUtil.Format(input.Dims)}");
                }
                if (input.GradFn is null)
                {
                    input.AccumulateLeafGrad(gi);
                }
                else if (grads.TryGetValue(input, out var existing))
                {
                    grads[input] = existing + gi;
                }
                else
                {
                    grads[input] = gi;
                }
            }
        }
    }

    private void AccumulateLeafGrad(Tensor g)
    {
        if (Grad is null)
        {
            using var persistent = TensorScope.Suspend();
            var copy = Zeros(Dims);
            StridedCopy.Gather(g, copy.Span);
            Grad = copy;
        }
        else
        {
            Kernels.Elementwise.AddInPlace(Grad, g);
        }
    }

    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor Node, int Next)>();
        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            var inputs = node.GradFn?.Inputs;
            if (inputs is not null && next < inputs.Length)
            {
                stack.Push((node, next + 1));
                var child = inputs[next];
                if (child._requiresGrad && visited.Add(child))
                {
                    stack.Push((child, 0));
                }
                continue;
            }
            order.Add(node); // post-order: inputs before the tensors made from them
        }
        return order;
    }
}
