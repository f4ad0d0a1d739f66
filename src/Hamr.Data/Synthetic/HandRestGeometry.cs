using System.Numerics;
using Hamr.HandModel;

namespace Hamr.Data.Synthetic;

/// <summary>
/// The right hand at rest (β = 0, θ = 0), in model space: vertex positions and normals, the 21 keypoints, and the
/// hand's own axes (the palm normal and the direction of the fingers), which the view sampler and the skin texture use.
/// </summary>
internal sealed class HandRestGeometry
{
    public HandRestGeometry(HandLayer layer)
    {
        var model = layer.Model;
        var output = layer.CreateOutput(1);
        layer.Forward([], new float[HandModel.HandModel.JointCount * 3], [], output);
        Positions = (float[])output.Vertices.Clone();
        Keypoints = (float[])output.Keypoints.Clone();
        Normals = new float[Positions.Length];
        MeshNormals.Compute(Positions, model.Faces, Normals);

        var wrist = Keypoint(0);
        var indexMcp = Keypoint(5);
        var middleMcp = Keypoint(9);
        var pinkyMcp = Keypoint(17);
        FingerAxis = Vector3.Normalize(middleMcp - wrist);
        // Across the palm from the pinky side to the index side; with the fingers' direction it spans the palm plane.
        var across = Vector3.Normalize(indexMcp - pinkyMcp);
        var normal = Vector3.Normalize(Vector3.Cross(FingerAxis, across));
        // The open model's palm faces −x (right hand): orient the normal out of the palm whatever the cross product's sign.
        float sign = model.Side == Handedness.Right ? -1 : 1;
        PalmNormal = Vector3.Dot(normal, new Vector3(sign, 0, 0)) >= 0 ? normal : -normal;
        // Re-orthogonalise the finger axis within the palm plane.
        FingerAxis = Vector3.Normalize(FingerAxis - Vector3.Dot(FingerAxis, PalmNormal) * PalmNormal);
    }

    /// <summary>Rest vertices [V, 3], metres.</summary>
    public float[] Positions { get; }

    /// <summary>Unit vertex normals [V, 3] (area-weighted face normals, outward).</summary>
    public float[] Normals { get; }

    /// <summary>Rest keypoints [21, 3] in the project's order.</summary>
    public float[] Keypoints { get; }

    /// <summary>Unit normal pointing out of the palm.</summary>
    public Vector3 PalmNormal { get; }

    /// <summary>Unit direction from the wrist toward the middle finger's knuckle, in the palm plane.</summary>
    public Vector3 FingerAxis { get; }

    public Vector3 Keypoint(int k) => new(Keypoints[3 * k], Keypoints[3 * k + 1], Keypoints[3 * k + 2]);
}

/// <summary>Vertex normals of a triangle mesh without allocating (area-weighted face normals, normalised).</summary>
internal static class MeshNormals
{
    public static void Compute(ReadOnlySpan<float> positions, ReadOnlySpan<int> faces, Span<float> normals)
    {
        normals.Clear();
        for (int f = 0; f < faces.Length; f += 3)
        {
            int a = 3 * faces[f], b = 3 * faces[f + 1], c = 3 * faces[f + 2];
            float ax = positions[a], ay = positions[a + 1], az = positions[a + 2];
            float ux = positions[b] - ax, uy = positions[b + 1] - ay, uz = positions[b + 2] - az;
            float vx = positions[c] - ax, vy = positions[c + 1] - ay, vz = positions[c + 2] - az;
            // Unnormalised: the cross product's length is twice the area, which weights the average.
            float nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
            normals[a] += nx;
            normals[a + 1] += ny;
            normals[a + 2] += nz;
            normals[b] += nx;
            normals[b + 1] += ny;
            normals[b + 2] += nz;
            normals[c] += nx;
            normals[c + 1] += ny;
            normals[c + 2] += nz;
        }
        for (int i = 0; i < normals.Length; i += 3)
        {
            float x = normals[i], y = normals[i + 1], z = normals[i + 2];
            float length = MathF.Sqrt(x * x + y * y + z * z);
            float inv = length > 0 ? 1 / length : 0;
            normals[i] = x * inv;
            normals[i + 1] = y * inv;
            normals[i + 2] = z * inv;
        }
    }
}
