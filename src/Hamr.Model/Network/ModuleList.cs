using Hamr.Tensors;
using Hamr.Tensors.NN;

namespace Hamr.Model.Network;

/// <summary>An indexed container of modules named "0", "1", … (PyTorch's nn.ModuleList); the owner decides how to run them.</summary>
public sealed class ModuleList<T> : Module
    where T : Module
{
    private readonly List<T> _items = new();

    public ModuleList(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            RegisterModule(_items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), item);
            _items.Add(item);
        }
    }

    public int Count => _items.Count;

    public T this[int index] => _items[index];

    public override Tensor Forward(Tensor input) =>
        throw new InvalidOperationException("a ModuleList has no forward of its own; its owner runs the items");
}
