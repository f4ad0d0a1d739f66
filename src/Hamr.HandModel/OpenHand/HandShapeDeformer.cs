namespace Hamr.HandModel.OpenHand;

/// <summary>
/// Deforms the rest hand bone by bone to given proportions (<see cref="HandShapeFactors"/>), as a skinning with
/// affine bone maps: each joint j gets a linear map A_j and a new position p'_j, and a vertex moves to
/// Σ_j w_j (p'_j + A_j (v − J_j)) with its skin weights w, so the mesh stays smooth where bones meet (neighbouring maps
/// agree at the joint between them). The maps:
/// <list type="number">
/// <item>Palm (the wrist joint, which holds the palm and the merged metacarpals): scale along the palm frame's axes —
/// length ℓ (wrist → middle MCP), width a (pinky MCP → index MCP, made ⟂ ℓ) and thickness n = a × ℓ (the palm normal,
/// out of the palm for a right hand).</item>
/// <item>Each finger bone (joint → next joint or tip, axis u): length factor along u, girth factor ⟂ u; the thumb's
/// three bones are also turned about n by the abduction angle.</item>
/// <item>Joints follow down the tree: p'_child = p'_j + A_j (J_child − J_j) (the thumb CMC also shifts along ℓ);
/// tips likewise from their distal joint. Finally everything scales by <see cref="HandShapeFactors.Size"/> about the
/// wrist.</item>
/// </list>
/// </summary>
internal sealed class HandShapeDeformer
{
    private readonly float[] _vertices; // [V, 3]
    private readonly double[] _joints; // [16, 3]
    private readonly double[] _tips; // [5, 3]
    private readonly float[] _weights; // [V, 16]
    private readonly double[] _length = new double[3], _width = new double[3], _normal = new double[3];

    public HandShapeDeformer(float[] vertices, double[] joints, double[] tips, float[] weights)
    {
        _vertices = vertices;
        _joints = joints;
        _tips = tips;
        _weights = weights;
        VertexCount = vertices.Length / 3;
        // Palm frame from the rest joints (MANO indices: 0 wrist, 1 index1, 4 middle1, 7 pinky1).
        Sub(joints, 4, joints, 0, _length);
        Normalize(_length);
        Sub(joints, 1, joints, 7, _width);
        double along = Dot(_width, _length);
        for (int c = 0; c < 3; c++)
        {
            _width[c] -= along * _length[c];
        }

        Normalize(_width);
        Cross(_width, _length, _normal);
    }

    public int VertexCount { get; }

    /// <summary>Unit palm normal of the rest hand (pointing out of the palm for a right hand).</summary>
    public ReadOnlySpan<double> PalmNormal => _normal;

    /// <summary>Unit axis from the wrist towards the middle finger's MCP.</summary>
    public ReadOnlySpan<double> PalmLengthAxis => _length;

    /// <summary>Unit axis across the palm from the pinky side towards the index side (⟂ the length axis).</summary>
    public ReadOnlySpan<double> PalmWidthAxis => _width;

    /// <summary>Writes the deformed vertices [V, 3], joints [16, 3] and tips [5, 3].</summary>
    public void Deform(HandShapeFactors f, Span<double> vertices, Span<double> joints, Span<double> tips)
    {
        ArgumentNullException.ThrowIfNull(f);
        const int J = HandModel.JointCount;
        var maps = new double[J * 9];
        var moved = new double[J * 3];

        // 1. Palm map at the wrist.
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                maps[(r * 3) + c] = (f.PalmLength * _length[r] * _length[c]) + (f.PalmWidth * _width[r] * _width[c]) + (f.PalmThickness * _normal[r] * _normal[c]);
            }
        }

        var turn = RotationAbout(_normal, f.ThumbAbductionRadians);
        _joints.AsSpan(0, 3).CopyTo(moved);
        for (int j = 1; j < J; j++)
        {
            // 2. Bone map: length along the bone's axis, girth across it; the thumb's bones turned as a whole.
            int finger = WebXrJoints.FingerOfJoint[j];
            var axis = new double[3];
            Sub(BoneEndArray(j), BoneEndIndex(j), _joints, j, axis);
            Normalize(axis);
            var map = maps.AsSpan(j * 9, 9);
            for (int r = 0; r < 3; r++)
            {
                for (int c = 0; c < 3; c++)
                {
                    double uu = axis[r] * axis[c];
                    map[(r * 3) + c] = (f.FingerLength[finger] * uu) + (f.FingerGirth[finger] * ((r == c ? 1 : 0) - uu));
                }
            }

            if (finger == 0)
            {
                MatMul(turn, map.ToArray(), map);
            }

            // 3. The joint follows its parent's map.
            int p = HandJoints.Parents[j];
            Follow(maps.AsSpan(p * 9, 9), moved.AsSpan(p * 3, 3), _joints.AsSpan(p * 3, 3), _joints.AsSpan(j * 3, 3), moved.AsSpan(j * 3, 3));
            if (j == 13)
            {
                for (int c = 0; c < 3; c++)
                {
                    moved[(j * 3) + c] += f.ThumbShiftMeters * _length[c];
                }
            }
        }

        for (int t = 0; t < HandModel.TipCount; t++)
        {
            int d = WebXrJoints.TipParent[t];
            Follow(maps.AsSpan(d * 9, 9), moved.AsSpan(d * 3, 3), _joints.AsSpan(d * 3, 3), _tips.AsSpan(t * 3, 3), tips.Slice(t * 3, 3));
        }

        moved.CopyTo(joints);

        // Vertices: skin-weighted blend of the bone maps.
        Span<double> rest = stackalloc double[3];
        Span<double> one = stackalloc double[3];
        for (int v = 0; v < VertexCount; v++)
        {
            for (int c = 0; c < 3; c++)
            {
                rest[c] = _vertices[(v * 3) + c];
            }

            var dst = vertices.Slice(v * 3, 3);
            dst.Clear();
            for (int j = 0; j < J; j++)
            {
                float w = _weights[(v * J) + j];
                if (w == 0)
                {
                    continue;
                }

                Follow(maps.AsSpan(j * 9, 9), moved.AsSpan(j * 3, 3), _joints.AsSpan(j * 3, 3), rest, one);
                for (int c = 0; c < 3; c++)
                {
                    dst[c] += w * one[c];
                }
            }
        }

        // Overall size about the wrist.
        Scale(vertices, f.Size);
        Scale(joints, f.Size);
        Scale(tips, f.Size);
    }

    private void Scale(Span<double> points, double size)
    {
        for (int i = 0; i < points.Length; i++)
        {
            double origin = _joints[i % 3];
            points[i] = origin + (size * (points[i] - origin));
        }
    }

    private double[] BoneEndArray(int j) => WebXrJoints.BoneEnd[j] >= 16 ? _tips : _joints;

    private static int BoneEndIndex(int j) => WebXrJoints.BoneEnd[j] >= 16 ? WebXrJoints.BoneEnd[j] - 16 : WebXrJoints.BoneEnd[j];

    /// <summary>dst = movedOrigin + A (point − restOrigin).</summary>
    private static void Follow(ReadOnlySpan<double> a, ReadOnlySpan<double> movedOrigin, ReadOnlySpan<double> restOrigin, ReadOnlySpan<double> point, Span<double> dst)
    {
        double x = point[0] - restOrigin[0], y = point[1] - restOrigin[1], z = point[2] - restOrigin[2];
        for (int r = 0; r < 3; r++)
        {
            dst[r] = movedOrigin[r] + (a[r * 3] * x) + (a[(r * 3) + 1] * y) + (a[(r * 3) + 2] * z);
        }
    }

    /// <summary>Rodrigues' rotation matrix about a unit axis (row-major 3×3).</summary>
    private static double[] RotationAbout(double[] k, double angle)
    {
        double c = Math.Cos(angle), s = Math.Sin(angle), t = 1 - c;
        return
        [
            (t * k[0] * k[0]) + c, (t * k[0] * k[1]) - (s * k[2]), (t * k[0] * k[2]) + (s * k[1]),
            (t * k[0] * k[1]) + (s * k[2]), (t * k[1] * k[1]) + c, (t * k[1] * k[2]) - (s * k[0]),
            (t * k[0] * k[2]) - (s * k[1]), (t * k[1] * k[2]) + (s * k[0]), (t * k[2] * k[2]) + c,
        ];
    }

    private static void MatMul(double[] a, double[] b, Span<double> dst)
    {
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                dst[(r * 3) + c] = (a[r * 3] * b[c]) + (a[(r * 3) + 1] * b[3 + c]) + (a[(r * 3) + 2] * b[6 + c]);
            }
        }
    }

    private static void Sub(double[] a, int i, double[] b, int j, double[] dst)
    {
        for (int c = 0; c < 3; c++)
        {
            dst[c] = a[(i * 3) + c] - b[(j * 3) + c];
        }
    }

    private static double Dot(double[] a, double[] b) => (a[0] * b[0]) + (a[1] * b[1]) + (a[2] * b[2]);

    private static void Normalize(double[] a)
    {
        double n = Math.Sqrt(Dot(a, a));
        for (int c = 0; c < 3; c++)
        {
            a[c] /= n;
        }
    }

    private static void Cross(double[] a, double[] b, double[] dst)
    {
        dst[0] = (a[1] * b[2]) - (a[2] * b[1]);
        dst[1] = (a[2] * b[0]) - (a[0] * b[2]);
        dst[2] = (a[0] * b[1]) - (a[1] * b[0]);
    }
}
