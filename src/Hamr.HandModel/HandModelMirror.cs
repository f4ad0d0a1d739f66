namespace Hamr.HandModel;

/// <summary>
/// Makes the other hand's model by mirroring x (the plane x = 0, which holds the wrist of the open model).
/// <para>
/// The pose rule: with M = diag(−1, 1, 1), a rotation R on one hand corresponds to M R M on the other; for an
/// axis-angle ω (a pseudovector) that is det(M)·M ω = (ωx, −ωy, −ωz). So a pose θ on the right model and the pose
/// with the y and z components of every joint's axis-angle negated on the mirrored model give mirror-image hands:
/// the same flexion, abduction and twist of each finger ("the same motion"), and meshes, joints and translations
/// that differ only by x → −x (mirror a global translation by negating its x). β is shared unchanged.
/// </para>
/// The mesh: positions and shape directions negate x; triangles swap two corners so they stay counter-clockwise seen
/// from outside; regressors, skin weights, parents and UVs are unchanged; pose blend shapes are mirrored through the
/// rule (entry (a, b) of each joint's R − I picks up s_a s_b, the output coordinate c picks up s_c, s = (−1, 1, 1)).
/// </summary>
public static class HandModelMirror
{
    /// <summary>The mirror image of <paramref name="model"/> as the other hand ("right" ↔ "left" in its name).</summary>
    public static HandModel Mirror(HandModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int v = model.VertexCount, s = model.ShapeCount;
        var template = (float[])model.TemplateVertices.Clone();
        MirrorPoints(template);

        var shapeDirs = (float[])model.ShapeDirs.Clone();
        for (int i = 0; i < v; i++)
        {
            for (int k = 0; k < s; k++)
            {
                shapeDirs[(i * 3 * s) + k] = -shapeDirs[(i * 3 * s) + k]; // component x of vertex i
            }
        }

        var poseDirs = (float[])model.PoseDirs.Clone();
        if (poseDirs.Length > 0)
        {
            const int P = (HandModel.JointCount - 1) * 9;
            for (int i = 0; i < v; i++)
            {
                for (int c = 0; c < 3; c++)
                {
                    for (int p = 0; p < P; p++)
                    {
                        int a = p % 9 / 3, b = p % 3;
                        if (Sign(c) * Sign(a) * Sign(b) < 0)
                        {
                            int at = (((i * 3) + c) * P) + p;
                            poseDirs[at] = -poseDirs[at];
                        }
                    }
                }
            }
        }

        var side = model.Side == Handedness.Right ? Handedness.Left : Handedness.Right;
        var name = side == Handedness.Left ? model.Name.Replace("right", "left", StringComparison.OrdinalIgnoreCase) : model.Name.Replace("left", "right", StringComparison.OrdinalIgnoreCase);
        if (name == model.Name)
        {
            name += side == Handedness.Left ? "-mirrored-left" : "-mirrored-right";
        }

        UvLayout? uv = model.Uv is { } u ? new UvLayout((float[])u.Uvs.Clone(), FlipWinding(u.UvFaces), (int[])u.UvToVertex.Clone()) : null;
        PosePca? pca = null;
        if (model.PosePca is { } pp)
        {
            var components = (float[])pp.Components.Clone();
            var mean = (float[])pp.Mean.Clone();
            for (int row = 0; row < components.Length / mean.Length; row++)
            {
                MirrorPose(components.AsSpan(row * mean.Length, mean.Length));
            }

            MirrorPose(mean);
            pca = new PosePca(components, mean);
        }

        return new HandModel(
            name,
            side,
            template,
            FlipWinding(model.Faces),
            shapeDirs,
            poseDirs,
            (float[])model.JointRegressor.Clone(),
            (float[])model.TipRegressor.Clone(),
            (int[])model.Parents.Clone(),
            (float[])model.SkinWeights.Clone())
        {
            Uv = uv,
            PosePca = pca,
        };
    }

    /// <summary>Applies the pose rule in place: negates the y and z components of each axis-angle triple.</summary>
    public static void MirrorPose(Span<float> axisAngles)
    {
        if (axisAngles.Length % 3 != 0)
        {
            throw new ArgumentException($"axis-angles hold {axisAngles.Length} values, not a multiple of 3", nameof(axisAngles));
        }

        for (int i = 0; i < axisAngles.Length; i += 3)
        {
            axisAngles[i + 1] = -axisAngles[i + 1];
            axisAngles[i + 2] = -axisAngles[i + 2];
        }
    }

    /// <summary>Negates x of each point triple in place (vertices, joints, translations).</summary>
    public static void MirrorPoints(Span<float> points)
    {
        if (points.Length % 3 != 0)
        {
            throw new ArgumentException($"points hold {points.Length} values, not a multiple of 3", nameof(points));
        }

        for (int i = 0; i < points.Length; i += 3)
        {
            points[i] = -points[i];
        }
    }

    private static int Sign(int axis) => axis == 0 ? -1 : 1;

    private static int[] FlipWinding(int[] faces)
    {
        var flipped = (int[])faces.Clone();
        for (int f = 0; f < flipped.Length; f += 3)
        {
            (flipped[f + 1], flipped[f + 2]) = (flipped[f + 2], flipped[f + 1]);
        }

        return flipped;
    }
}
