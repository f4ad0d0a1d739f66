namespace Hamr.HandModel.Gltf;

/// <summary>A glTF/GLB file that is malformed or uses something this reader does not support; names the file and the problem.</summary>
public sealed class GltfFormatException : Exception
{
    public GltfFormatException(string source, string problem, Exception? inner = null)
        : base($"{source}: {problem}", inner)
    {
        SourceName = source;
        Problem = problem;
    }

    /// <summary>The file name (or stream description) that was being read.</summary>
    public string SourceName { get; }

    public string Problem { get; }
}
