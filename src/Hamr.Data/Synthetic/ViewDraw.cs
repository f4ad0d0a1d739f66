using System.Numerics;
using Hamr.Geometry;
using Hamr.Tensors;

namespace Hamr.Data.Synthetic;

/// <summary>
/// Draws the hand's global rotation (camera space, OpenCV axes: x right, y down, z forward) for a right hand. Every
/// orientation can occur, but natural views come more often: with probability <see cref="NaturalFraction"/> the palm
/// or the back faces the camera (half each), the fingers point up in the image give or take a roll (Gaussian, σ 40°,
/// and sometimes any roll), and the whole hand tilts by a Gaussian angle (σ 25°) about a random axis; otherwise the
/// rotation is uniform over SO(3).
/// </summary>
internal sealed class ViewDraw
{
    public const float NaturalFraction = 0.7f;

    private readonly Matrix4x4 _modelToPalmView;
    private readonly Matrix4x4 _modelToBackView;

    public ViewDraw(HandRestGeometry rest)
    {
        // Palm view: fingers along −y (up in the image), palm normal along −z (toward the camera).
        _modelToPalmView = Align(rest.FingerAxis, rest.PalmNormal, -Vector3.UnitY, -Vector3.UnitZ);
        _modelToBackView = Align(rest.FingerAxis, rest.PalmNormal, -Vector3.UnitY, Vector3.UnitZ);
    }

    /// <summary>Writes the global rotation as an axis-angle into <paramref name="axisAngle"/> [3].</summary>
    public void Draw(TensorRandom random, Span<float> axisAngle)
    {
        Span<float> m = stackalloc float[9];
        if (random.NextFloat() < NaturalFraction)
        {
            var baseView = random.NextFloat() < 0.5f ? _modelToPalmView : _modelToBackView;
            float roll = random.NextFloat() < 0.2f ? random.Uniform(-MathF.PI, MathF.PI) : 0.7f * random.NextGaussian();
            float tiltAxis = random.Uniform(0, 2 * MathF.PI);
            float tilt = 0.45f * random.NextGaussian();
            var rollM = Matrix4x4.CreateFromAxisAngle(Vector3.UnitZ, roll);
            var tiltM = Matrix4x4.CreateFromAxisAngle(new Vector3(MathF.Cos(tiltAxis), MathF.Sin(tiltAxis), 0), tilt);
            // System.Numerics applies row vectors: v·A·B applies A first.
            var r = baseView * rollM * tiltM;
            ToRowMajorColumnVector(r, m);
        }
        else
        {
            Span<float> q = [random.NextGaussian(), random.NextGaussian(), random.NextGaussian(), random.NextGaussian()];
            float norm = MathF.Sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
            if (!(norm > 1e-6f))
            {
                q[0] = 1;
                norm = 1;
            }
            for (int i = 0; i < 4; i++)
            {
                q[i] /= norm;
            }
            Rotations.QuaternionToMatrix<float>(q, m);
        }
        Rotations.MatrixToAxisAngle<float>(m, axisAngle);
    }

    /// <summary>The rotation taking the orthonormal pair (a, b) onto (a2, b2), as a System.Numerics (row-vector) matrix.</summary>
    private static Matrix4x4 Align(Vector3 a, Vector3 b, Vector3 a2, Vector3 b2)
    {
        var c = Vector3.Cross(a, b);
        var c2 = Vector3.Cross(a2, b2);
        // Row-vector convention: v·M. Source basis rows S (a, b, c), target rows T: M = Sᵀ·T.
        var s = new Matrix4x4(a.X, a.Y, a.Z, 0, b.X, b.Y, b.Z, 0, c.X, c.Y, c.Z, 0, 0, 0, 0, 1);
        var t = new Matrix4x4(a2.X, a2.Y, a2.Z, 0, b2.X, b2.Y, b2.Z, 0, c2.X, c2.Y, c2.Z, 0, 0, 0, 0, 1);
        return Matrix4x4.Transpose(s) * t;
    }

    /// <summary>The 3×3 row-major matrix R with R·v (column vectors) equal to v·M (row vectors).</summary>
    private static void ToRowMajorColumnVector(Matrix4x4 m, Span<float> r)
    {
        r[0] = m.M11;
        r[1] = m.M21;
        r[2] = m.M31;
        r[3] = m.M12;
        r[4] = m.M22;
        r[5] = m.M32;
        r[6] = m.M13;
        r[7] = m.M23;
        r[8] = m.M33;
    }
}
