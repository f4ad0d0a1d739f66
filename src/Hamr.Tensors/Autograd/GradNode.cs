namespace Hamr.Tensors;

/// <summary>
/// The record an op leaves on its output: its inputs and a backward function that maps the output's gradient
/// to one gradient per input (null where an input needs none). Gradients come back in the input's shape.
/// </summary>
internal sealed class GradNode(string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
{
    public string Name { get; } = name;
    public Tensor[] Inputs { get; } = inputs;
    public Func<Tensor, Tensor?[]> Backward { get; } = backward;
}

/// <summary>Whether ops record the graph; <see cref="NoGrad"/> turns recording off for a region.</summary>
public static class GradMode
{
    [ThreadStatic] private static int t_disabled;

    public static bool IsEnabled => t_disabled == 0;

    /// <summary>Ops inside the returned scope record nothing (inference, optimiser updates, backward itself).</summary>
    public static NoGradScope NoGrad()
    {
        t_disabled++;
        return new NoGradScope();
    }

    internal static void Exit() => t_disabled--;
}

/// <summary>Ends a <see cref="GradMode.NoGrad"/> region.</summary>
public struct NoGradScope : IDisposable
{
    private bool _done;

    public void Dispose()
    {
        if (!_done)
        {
            _done = true;
            GradMode.Exit();
        }
    }
}
