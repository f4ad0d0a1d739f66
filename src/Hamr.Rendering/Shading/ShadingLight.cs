using System.Numerics;

namespace Hamr.Rendering;

/// <summary>A <see cref="Light"/> flattened for the shading loop: colour premultiplied by intensity, unit vector to the light.</summary>
internal readonly struct ShadingLight
{
    public ShadingLight(Light light)
    {
        Kind = light.Kind;
        Radiance = light.Color * light.Intensity;
        ToLight = light.Kind == LightKind.Directional ? -light.Direction : Vector3.Zero;
        Position = light.Position;
        Falloff = light.Falloff;
    }

    public LightKind Kind { get; }

    public Vector3 Radiance { get; }

    /// <summary>Unit vector from the surface towards a directional light.</summary>
    public Vector3 ToLight { get; }

    public Vector3 Position { get; }

    public float Falloff { get; }
}
