using Hamr.Tensors.NN;

namespace Hamr.Tensors.Io;

/// <summary>Saves and loads a module's state dictionary (parameters and buffers) as a safetensors file.</summary>
public static class ModuleSerialization
{
    /// <summary>Writes every parameter and buffer by dotted name (atomically, see <see cref="SafetensorsFile.Write(string, IReadOnlyDictionary{string, Tensor}, IReadOnlyDictionary{string, string}?)"/>).</summary>
    public static void Save(this Module module, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        SafetensorsFile.Write(path, module.StateDict(), metadata);
    }

    /// <summary>
    /// Copies a file's tensors into the module. Missing, unexpected and mis-shaped names are reported together in a
    /// <see cref="StateDictException"/> (missing and unexpected ones only when <paramref name="strict"/>).
    /// </summary>
    public static void Load(this Module module, string path, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        module.LoadStateDict(SafetensorsFile.Read(path).Tensors, strict);
    }
}
