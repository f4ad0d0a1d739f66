using System.Numerics;
using System.Runtime.InteropServices;
using Hamr.Rendering.Raster;

namespace Hamr.Rendering.Shading;

/// <summary>
/// Shades one sample: rebuilds the surface point's barycentric coordinates in its source face, interpolates
/// position, normal, colour and UV, and applies Lambert + Blinn-Phong for each light (unlit albedo when there are
/// none). Everything is in camera space.
/// </summary>
internal readonly struct SurfaceShader
{
    private readonly RenderTarget _target;
    private readonly RenderMesh _mesh;
    private readonly Material _material;
    private readonly TextureWrap _wrap;
    private readonly bool _pinhole;
    private readonly bool _twoSided;

    public SurfaceShader(RenderTarget target, RenderMesh mesh, Material material, TextureWrap wrap, bool pinhole, bool twoSided)
    {
        _target = target;
        _mesh = mesh;
        _material = material;
        _wrap = wrap;
        _pinhole = pinhole;
        _twoSided = twoSided;
    }

    /// <summary>Linear RGB of screen triangle <paramref name="triangle"/> at perspective-correct barycentrics (·, s1, s2).</summary>
    public Vector3 Shade(int triangle, float s1, float s2)
    {
        ref readonly var st = ref _target.Triangles[triangle];
        var bary = (1 - s1 - s2) * st.Bary0 + s1 * st.Bary1 + s2 * st.Bary2;
        var faces = _mesh.Triangles;
        int i0 = faces[3 * st.Face], i1 = faces[3 * st.Face + 1], i2 = faces[3 * st.Face + 2];

        var albedo = _material.BaseColor;
        if (_mesh.Colors is { } colors)
        {
            albedo *= Interpolate3(colors, i0, i1, i2, bary);
        }
        if (_mesh.Uvs is { } uvs && _mesh.Texture is { } texture)
        {
            float u = bary.X * uvs[2 * i0] + bary.Y * uvs[2 * i1] + bary.Z * uvs[2 * i2];
            float v = bary.X * uvs[2 * i0 + 1] + bary.Y * uvs[2 * i1 + 1] + bary.Z * uvs[2 * i2 + 1];
            albedo *= TextureSampler.Sample(texture, u, v, _wrap);
        }
        int lightCount = _target.LightCount;
        if (lightCount == 0)
        {
            return albedo;
        }

        var positions = MemoryMarshal.Cast<float, Vector3>(_mesh.Positions.AsSpan());
        Vector3 p0 = positions[i0], p1 = positions[i1], p2 = positions[i2];
        var position = bary.X * p0 + bary.Y * p1 + bary.Z * p2;
        Vector3 normal;
        if (_mesh.Normals is { } normals)
        {
            normal = Interpolate3(normals, i0, i1, i2, bary);
        }
        else
        {
            normal = Vector3.Cross(p1 - p0, p2 - p0); // the face's own normal
        }
        float length = normal.Length();
        normal = length > 0 ? normal / length : normal;
        // Only the highlight needs the unit vector; the facing test works on the raw one.
        var toViewer = _pinhole ? -position : new Vector3(0, 0, -1);
        if (_twoSided && Vector3.Dot(normal, toViewer) < 0)
        {
            normal = -normal;
        }

        var color = Vector3.Zero;
        var lights = _target.Lights;
        float specular = _material.Specular;
        if (specular > 0 && _pinhole)
        {
            toViewer = Vector3.Normalize(toViewer);
        }
        var power = _target.Specular;
        for (int i = 0; i < lightCount; i++)
        {
            ref readonly var light = ref lights[i];
            var radiance = light.Radiance;
            Vector3 toLight;
            switch (light.Kind)
            {
                case LightKind.Ambient:
                    color += albedo * radiance;
                    continue;
                case LightKind.Directional:
                    toLight = light.ToLight;
                    break;
                default:
                    toLight = light.Position - position;
                    float d2 = toLight.LengthSquared();
                    toLight = d2 > 0 ? toLight * (1 / MathF.Sqrt(d2)) : normal;
                    radiance *= 1 / (1 + light.Falloff * d2);
                    break;
            }
            float nl = Vector3.Dot(normal, toLight);
            if (nl <= 0)
            {
                continue;
            }
            color += albedo * (radiance * nl);
            if (specular > 0)
            {
                var half = Vector3.Normalize(toLight + toViewer);
                float nh = Vector3.Dot(normal, half);
                if (nh > 0)
                {
                    color += radiance * (specular * power.Power(nh));
                }
            }
        }
        return color;
    }

    private static Vector3 Interpolate3(float[] values, int i0, int i1, int i2, Vector3 bary)
    {
        var v = MemoryMarshal.Cast<float, Vector3>(values.AsSpan());
        return bary.X * v[i0] + bary.Y * v[i1] + bary.Z * v[i2];
    }
}
