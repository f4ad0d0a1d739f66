namespace Hamr.HandModel.Tests.Support;

/// <summary>
/// An independent double-precision lbs for one hand, written the plain way smplx's <c>lbs</c> is (dense products, the
/// regressor applied to the shaped mesh, textbook Rodrigues, 4×4 chain): the reference for values and for the
/// central-difference gradients.
/// </summary>
public static class LbsReference
{
    /// <summary>Vertices [V, 3], joints [16, 3], keypoints [21, 3] and skinning transforms [16, 4, 4] for one hand.</summary>
    public static (double[] Vertices, double[] Joints, double[] Keypoints, double[] Transforms) Forward(
        HandModel m, ReadOnlySpan<double> beta, ReadOnlySpan<double> theta, ReadOnlySpan<double> translation)
    {
        // 3. R_j by the textbook formula (identity at θ = 0)
        var rotations = new double[16 * 9];
        for (int j = 0; j < 16; j++)
        {
            Rodrigues(theta[3 * j], theta[3 * j + 1], theta[3 * j + 2]).CopyTo(rotations, 9 * j);
        }
        return ForwardRotations(m, beta, rotations, translation);
    }

    /// <summary>As <see cref="Forward"/> from rotation matrices [16, 3, 3] instead of axis-angle.</summary>
    public static (double[] Vertices, double[] Joints, double[] Keypoints, double[] Transforms) ForwardRotations(
        HandModel m, ReadOnlySpan<double> beta, ReadOnlySpan<double> rotations, ReadOnlySpan<double> translation)
    {
        int v = m.VertexCount, s = m.ShapeCount;
        // 1. v_shaped = T + S·β
        var shaped = new double[3 * v];
        for (int i = 0; i < 3 * v; i++)
        {
            double x = m.TemplateVertices[i];
            for (int k = 0; k < s; k++)
            {
                x += m.ShapeDirs[i * s + k] * beta[k];
            }
            shaped[i] = x;
        }
        // 2. J = J_reg·v_shaped
        var rest = new double[48];
        for (int j = 0; j < 16; j++)
        {
            for (int i = 0; i < v; i++)
            {
                for (int c = 0; c < 3; c++)
                {
                    rest[3 * j + c] += m.JointRegressor[j * v + i] * shaped[3 * i + c];
                }
            }
        }
        var rot = new double[16][];
        for (int j = 0; j < 16; j++)
        {
            rot[j] = rotations.Slice(9 * j, 9).ToArray();
        }
        // 4. v_posed = v_shaped + P·(R − I)
        var posed = (double[])shaped.Clone();
        if (m.HasPoseBlendShapes)
        {
            for (int i = 0; i < 3 * v; i++)
            {
                for (int f = 0; f < 135; f++)
                {
                    int j = 1 + f / 9, e = f % 9;
                    double feature = rot[j][e] - (e % 4 == 0 ? 1 : 0);
                    posed[i] += m.PoseDirs[i * 135 + f] * feature;
                }
            }
        }
        // 5. G_j = G_parent · [R_j | J_j − J_parent] as 4×4
        var global = new double[16][];
        for (int j = 0; j < 16; j++)
        {
            int p = m.Parents[j];
            var local = new double[16];
            for (int r = 0; r < 3; r++)
            {
                for (int c = 0; c < 3; c++)
                {
                    local[4 * r + c] = rot[j][3 * r + c];
                }
                local[4 * r + 3] = rest[3 * j + r] - (p < 0 ? 0 : rest[3 * p + r]);
            }
            local[15] = 1;
            global[j] = p < 0 ? local : Multiply4(global[p], local);
        }
        // 6. A_j = G_j · [I | −J_j], then + translation
        var transforms = new double[256];
        for (int j = 0; j < 16; j++)
        {
            var a = (double[])global[j].Clone();
            for (int r = 0; r < 3; r++)
            {
                a[4 * r + 3] -= a[4 * r] * rest[3 * j] + a[4 * r + 1] * rest[3 * j + 1] + a[4 * r + 2] * rest[3 * j + 2];
                a[4 * r + 3] += translation.IsEmpty ? 0 : translation[r];
            }
            a.CopyTo(transforms, 16 * j);
        }
        // 7. Skinning with the dense weights
        var vertices = new double[3 * v];
        for (int i = 0; i < v; i++)
        {
            for (int j = 0; j < 16; j++)
            {
                double w = m.SkinWeights[16 * i + j];
                for (int r = 0; r < 3; r++)
                {
                    vertices[3 * i + r] += w * (transforms[16 * j + 4 * r] * posed[3 * i] + transforms[16 * j + 4 * r + 1] * posed[3 * i + 1]
                        + transforms[16 * j + 4 * r + 2] * posed[3 * i + 2] + transforms[16 * j + 4 * r + 3]);
                }
            }
        }
        // 8. Joints, tips, keypoints
        var joints = new double[48];
        for (int j = 0; j < 16; j++)
        {
            for (int r = 0; r < 3; r++)
            {
                joints[3 * j + r] = global[j][4 * r + 3] + (translation.IsEmpty ? 0 : translation[r]);
            }
        }
        var tips = new double[15];
        for (int t = 0; t < 5; t++)
        {
            for (int i = 0; i < v; i++)
            {
                for (int r = 0; r < 3; r++)
                {
                    tips[3 * t + r] += m.TipRegressor[t * v + i] * vertices[3 * i + r];
                }
            }
        }
        var keypoints = new double[63];
        for (int k = 0; k < 21; k++)
        {
            int src = HandJoints.KeypointFromJointsAndTips[k];
            for (int r = 0; r < 3; r++)
            {
                keypoints[3 * k + r] = src < 16 ? joints[3 * src + r] : tips[3 * (src - 16) + r];
            }
        }
        return (vertices, joints, keypoints, transforms);
    }

    public static double[] Rodrigues(double x, double y, double z)
    {
        double theta = Math.Sqrt(x * x + y * y + z * z);
        if (theta == 0)
        {
            return [1, 0, 0, 0, 1, 0, 0, 0, 1];
        }
        double kx = x / theta, ky = y / theta, kz = z / theta;
        double c = Math.Cos(theta), s = Math.Sin(theta), t = 1 - c;
        return
        [
            c + t * kx * kx, t * kx * ky - s * kz, t * kx * kz + s * ky,
            t * ky * kx + s * kz, c + t * ky * ky, t * ky * kz - s * kx,
            t * kz * kx - s * ky, t * kz * ky + s * kx, c + t * kz * kz,
        ];
    }

    private static double[] Multiply4(double[] a, double[] b)
    {
        var c = new double[16];
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                for (int k = 0; k < 4; k++)
                {
                    c[4 * i + j] += a[4 * i + k] * b[4 * k + j];
                }
            }
        }
        return c;
    }
}
