using System.Numerics;

namespace Hamr.Rendering;

/// <summary>Which triangles the rasteriser skips by facing.</summary>
public enum CullMode
{
    None,

    /// <summary>Skip triangles whose vertices wind clockwise on screen (their right-hand normal points away).</summary>
    Back,

    /// <summary>Skip triangles whose vertices wind counter-clockwise on screen (facing the camera).</summary>
    Front,
}

/// <summary>How texture coordinates outside [0, 1] are mapped.</summary>
public enum TextureWrap
{
    Repeat,
    Clamp,
}

/// <summary>
/// What and how to draw: material, lights (none: the albedo is written unlit), culling, two-sided lighting,
/// background, texture wrap and threading. Reused between frames (the lights are copied per call).
/// </summary>
public sealed class RenderOptions
{
    public Material Material { get; set; } = Material.Default;

    /// <summary>Lights in camera space; empty means unlit (colour = albedo).</summary>
    public IReadOnlyList<Light> Lights { get; set; } = [];

    public CullMode Cull { get; set; } = CullMode.None;

    /// <summary>Flip normals that face away from the viewer before lighting (for open or culled-off meshes).</summary>
    public bool TwoSidedLighting { get; set; } = true;

    /// <summary>Linear RGB of empty samples (RGB targets composite over it; RGBA targets leave alpha 0).</summary>
    public Vector3 Background { get; set; } = Vector3.Zero;

    public TextureWrap Wrap { get; set; } = TextureWrap.Repeat;

    /// <summary>
    /// With supersampling, shade every sample (full SSAA: also smooths texture and highlight aliasing) instead of
    /// once per triangle per pixel at the mean of its samples (multisampling: edges antialiased, ~k² cheaper).
    /// </summary>
    public bool ShadePerSample { get; set; }

    /// <summary>Split the frame into row bands over the engine's ParallelFor threads (false: calling thread only).</summary>
    public bool Parallel { get; set; } = true;
}
