using System.Numerics;

namespace Hamr.Rendering;

/// <summary>The kind of a <see cref="Light"/>.</summary>
public enum LightKind
{
    /// <summary>Uniform light from everywhere: adds albedo·colour·intensity.</summary>
    Ambient,

    /// <summary>Parallel rays travelling along <see cref="Light.Direction"/> (a sun).</summary>
    Directional,

    /// <summary>Rays from <see cref="Light.Position"/>, attenuated by 1/(1 + falloff·d²).</summary>
    Point,
}

/// <summary>
/// A light in camera space. Colours are linear RGB in [0, 1]; a surface facing a directional light of intensity I
/// head-on gets albedo·colour·I from it (Lambert), plus the Blinn-Phong highlight.
/// </summary>
public sealed record Light(LightKind Kind, Vector3 Color, float Intensity, Vector3 Direction, Vector3 Position, float Falloff)
{
    public static Light Ambient(float intensity, Vector3? color = null) =>
        new(LightKind.Ambient, color ?? Vector3.One, intensity, Vector3.Zero, Vector3.Zero, 0);

    /// <summary>A directional light; <paramref name="direction"/> is where the light travels (need not be unit length).</summary>
    public static Light Directional(Vector3 direction, float intensity, Vector3? color = null)
    {
        if (!(direction.LengthSquared() > 0))
        {
            throw new ArgumentException($"light direction {direction} has no length", nameof(direction));
        }
        return new(LightKind.Directional, color ?? Vector3.One, intensity, Vector3.Normalize(direction), Vector3.Zero, 0);
    }

    /// <summary>A point light at <paramref name="position"/> (metres); falloff 0 means no attenuation.</summary>
    public static Light Point(Vector3 position, float intensity, Vector3? color = null, float falloff = 0) =>
        new(LightKind.Point, color ?? Vector3.One, intensity, Vector3.Zero, position, falloff);
}
