using Hamr.HandModel;
using Hamr.Model.Evaluation;

namespace Hamr.Model.Tests.Evaluation;

/// <summary>Made-up hands for metric tests: a star skeleton with known bone lengths, and rigid/similarity transforms of it.</summary>
internal static class Hands
{
    /// <summary>
    /// Keypoints [21, 3] in metres: wrist at <paramref name="wrist"/>, each finger's four keypoints on its own ray at
    /// 1, 2, 3 and 4 cm from the wrist, so every one of the 20 bones is exactly 1 cm long.
    /// </summary>
    public static float[] Star(float wristX = 0.02f, float wristY = -0.01f, float wristZ = 0.45f)
    {
        var joints = new float[63];
        joints[0] = wristX;
        joints[1] = wristY;
        joints[2] = wristZ;
        // Ray directions of the five fingers, not in one plane (so Procrustes has a unique answer).
        float[][] rays = [[1, 0, 0], [0.6f, 0.8f, 0], [0, 1, 0], [-0.6f, 0.8f, 0], [0, 0.6f, 0.8f]];
        for (int f = 0; f < 5; f++)
        {
            for (int i = 0; i < 4; i++)
            {
                int k = 1 + 4 * f + i;
                for (int c = 0; c < 3; c++)
                {
                    joints[3 * k + c] = joints[c] + 0.01f * (i + 1) * rays[f][c];
                }
            }
        }

        return joints;
    }

    /// <summary>s·R·x + t for every point, R about the unit <paramref name="axis"/> by <paramref name="degrees"/> (Rodrigues), in double.</summary>
    public static float[] Similarity(float[] points, double scale, double[] axis, double degrees, double[] translation)
    {
        double n = Math.Sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
        double x = axis[0] / n, y = axis[1] / n, z = axis[2] / n, a = degrees * Math.PI / 180, c = Math.Cos(a), s = Math.Sin(a);
        double[] r =
        [
            c + x * x * (1 - c), x * y * (1 - c) - z * s, x * z * (1 - c) + y * s,
            y * x * (1 - c) + z * s, c + y * y * (1 - c), y * z * (1 - c) - x * s,
            z * x * (1 - c) - y * s, z * y * (1 - c) + x * s, c + z * z * (1 - c),
        ];
        var result = new float[points.Length];
        for (int i = 0; i < points.Length; i += 3)
        {
            for (int row = 0; row < 3; row++)
            {
                result[i + row] = (float)(scale * (r[3 * row] * points[i] + r[3 * row + 1] * points[i + 1] + r[3 * row + 2] * points[i + 2]) + translation[row]);
            }
        }

        return result;
    }

    /// <summary>Keypoints [21, 2] in pixels: a fixed made-up pattern.</summary>
    public static float[] Keypoints2D() => Enumerable.Range(0, 42).Select(i => 10f + 3 * i).ToArray();

    /// <summary>An in-memory sample around <see cref="Star"/> with a 1×1 image.</summary>
    public static EvalSample Sample(int index, float[]? joints = null, bool[]? visible = null, float[]? vertices = null, bool with3D = true) => new()
    {
        Index = index,
        Image = new Hamr.Imaging.Image(1, 1, 3),
        Keypoints2DPx = Keypoints2D(),
        Joints3DMeters = with3D ? joints ?? Star() : null,
        Visible = visible,
        VerticesMeters = vertices,
    };

    /// <summary>A copy of <paramref name="values"/> with <paramref name="delta"/> added to entry <paramref name="at"/>.</summary>
    public static float[] Nudge(float[] values, int at, float delta)
    {
        var copy = (float[])values.Clone();
        copy[at] += delta;
        return copy;
    }

    public static int KeypointCount => HandJoints.KeypointCount;
}
