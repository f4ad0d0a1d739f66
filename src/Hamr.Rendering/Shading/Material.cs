using System.Numerics;

namespace Hamr.Rendering;

/// <summary>
/// Surface reflectance: albedo = <see cref="BaseColor"/> ⊙ vertex colour (when the mesh has colours) ⊙ texture
/// sample (when it has UVs and a texture); Blinn-Phong highlight <see cref="Specular"/>·(n·h)^<see cref="Shininess"/>
/// in the light's colour.
/// </summary>
public sealed record Material
{
    public static Material Default { get; } = new();

    /// <summary>Linear RGB multiplier of the albedo, each in [0, 1].</summary>
    public Vector3 BaseColor { get; init; } = Vector3.One;

    /// <summary>Strength of the specular highlight (0 turns it off).</summary>
    public float Specular { get; init; }

    /// <summary>Blinn-Phong exponent: larger is a smaller, sharper highlight.</summary>
    public float Shininess { get; init; } = 32;
}
