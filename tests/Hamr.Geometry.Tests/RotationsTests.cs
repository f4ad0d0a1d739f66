using static Hamr.Geometry.Tests.Matrix3Assert;

namespace Hamr.Geometry.Tests;

public sealed class RotationsTests
{
    public static TheoryData<double> Angles => [0, 1e-9, 1e-6, 9.9e-3, 1.01e-2, 0.3, 1.5, 2.9, Math.PI - 1e-4, Math.PI - 1e-7, Math.PI];

    [Theory]
    [MemberData(nameof(Angles))]
    public void AxisAngleToMatrix_matches_the_textbook_formula_in_double(double angle)
    {
        var rng = new Random(3);
        for (int trial = 0; trial < 20; trial++)
        {
            var w = RandomAxisAngle(rng, angle);
            var m = new double[9];
            Rotations.AxisAngleToMatrix<double>(w, m);
            IsRotation(m, 1e-14);
            if (angle > 0)
            {
                Close(AxisAngleTextbook(w[0], w[1], w[2]), m, 1e-14);
            }
            else
            {
                Close([1, 0, 0, 0, 1, 0, 0, 0, 1], m, 0);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Angles))]
    public void AxisAngleToMatrix_in_float_is_within_float_rounding_of_double(double angle)
    {
        var rng = new Random(4);
        for (int trial = 0; trial < 20; trial++)
        {
            var w = RandomAxisAngle(rng, angle);
            var wf = new[] { (float)w[0], (float)w[1], (float)w[2] };
            var mf = new float[9];
            var md = new double[9];
            Rotations.AxisAngleToMatrix<float>(wf, mf);
            Rotations.AxisAngleToMatrix<double>(ToDouble(wf), md);
            Close(md, ToDouble(mf), 6e-7); // a few float ulps: near π, 1 − B·θ² cancels to ≈ −1
        }
    }

    [Fact]
    public void AxisAngleToMatrix_rotates_about_its_axis_by_its_angle()
    {
        var m = new double[9];
        Rotations.AxisAngleToMatrix<double>([0, 0, Math.PI / 2], m);
        // x̂ ↦ ŷ: the first column is (0, 1, 0).
        Close([0, 1, 0], [m[0], m[3], m[6]], 1e-15);
    }

    [Theory]
    [MemberData(nameof(Angles))]
    public void MatrixToAxisAngle_inverts_AxisAngleToMatrix_in_double(double angle)
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 20; trial++)
        {
            var w = RandomAxisAngle(rng, angle);
            var m = new double[9];
            var back = new double[3];
            Rotations.AxisAngleToMatrix<double>(w, m);
            Rotations.MatrixToAxisAngle<double>(m, back);
            if (angle >= Math.PI - 1e-6)
            {
                // Near π, ω and −ω (mod 2π) are the same rotation: compare the matrices, and the angle.
                var again = new double[9];
                Rotations.AxisAngleToMatrix<double>(back, again);
                Close(m, again, 1e-12);
                double theta = Math.Sqrt(back[0] * back[0] + back[1] * back[1] + back[2] * back[2]);
                Assert.True(Math.Abs(theta - angle) <= 1e-7, $"angle {theta} vs {angle}");
            }
            else
            {
                // Relative accuracy holds down to tiny angles (no (tr − 1)/2 cancellation).
                Close(w, back, 1e-12 * Math.Max(angle, 1e-300) + (angle > 1 ? 1e-12 : 0));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Angles))]
    public void MatrixToAxisAngle_round_trips_in_float(double angle)
    {
        var rng = new Random(6);
        for (int trial = 0; trial < 20; trial++)
        {
            var w = RandomAxisAngle(rng, angle);
            var wf = new[] { (float)w[0], (float)w[1], (float)w[2] };
            var m = new float[9];
            var back = new float[3];
            Rotations.AxisAngleToMatrix<float>(wf, m);
            Rotations.MatrixToAxisAngle<float>(m, back);
            var again = new float[9];
            Rotations.AxisAngleToMatrix<float>(back, again);
            Close(m, again, 2e-6);
            if (angle < 3)
            {
                Close(wf, back, 2e-6 * Math.Max(angle, 1e-6) + 2e-7);
            }
        }
    }

    [Fact]
    public void MatrixToAxisAngle_of_a_half_turn_about_each_axis_has_angle_pi()
    {
        double[][] halfTurns = [[1, 0, 0, 0, -1, 0, 0, 0, -1], [-1, 0, 0, 0, 1, 0, 0, 0, -1], [-1, 0, 0, 0, -1, 0, 0, 0, 1]];
        for (int axis = 0; axis < 3; axis++)
        {
            var w = new double[3];
            Rotations.MatrixToAxisAngle<double>(halfTurns[axis], w);
            Assert.Equal(Math.PI, Math.Abs(w[axis]), 14);
            Assert.Equal(0, w[(axis + 1) % 3]);
            Assert.Equal(0, w[(axis + 2) % 3]);
        }
    }

    [Theory]
    [MemberData(nameof(Angles))]
    public void Quaternion_paths_agree_with_axis_angle(double angle)
    {
        var rng = new Random(7);
        for (int trial = 0; trial < 10; trial++)
        {
            var w = RandomAxisAngle(rng, angle);
            var q = new double[4];
            var fromQ = new double[9];
            var direct = new double[9];
            Rotations.AxisAngleToQuaternion<double>(w, q);
            Assert.Equal(1, q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3], 14);
            Rotations.QuaternionToMatrix<double>(q, fromQ);
            Rotations.AxisAngleToMatrix<double>(w, direct);
            Close(direct, fromQ, 1e-14);

            // Matrix → quaternion → matrix, and quaternion → axis-angle.
            var q2 = new double[4];
            Rotations.MatrixToQuaternion<double>(direct, q2);
            Assert.True(q2[0] >= 0);
            var m2 = new double[9];
            Rotations.QuaternionToMatrix<double>(q2, m2);
            Close(direct, m2, 1e-14);
            var w2 = new double[3];
            Rotations.QuaternionToAxisAngle<double>(q, w2);
            if (angle < 3)
            {
                Close(w, w2, 1e-13 * Math.Max(angle, 1e-300));
            }
        }
    }

    [Fact]
    public void Quaternion_sign_and_norm_do_not_change_the_rotation()
    {
        double[] q = [0.3, -0.5, 0.2, 0.7];
        double[] neg = [-0.3, 0.5, -0.2, -0.7];
        double[] scaled = [0.9, -1.5, 0.6, 2.1];
        var a = new double[9];
        var b = new double[9];
        var c = new double[9];
        Rotations.QuaternionToMatrix<double>(q, a);
        Rotations.QuaternionToMatrix<double>(neg, b);
        Rotations.QuaternionToMatrix<double>(scaled, c);
        IsRotation(a, 1e-14);
        Close(a, b, 1e-15);
        Close(a, c, 1e-14);
        var wa = new double[3];
        var wb = new double[3];
        var wc = new double[3];
        Rotations.QuaternionToAxisAngle<double>(q, wa);
        Rotations.QuaternionToAxisAngle<double>(neg, wb);
        Rotations.QuaternionToAxisAngle<double>(scaled, wc);
        Close(wa, wb, 1e-15);
        Close(wa, wc, 1e-14);
    }

    [Fact]
    public void Zero_quaternion_maps_to_the_identity()
    {
        var m = new float[9];
        Rotations.QuaternionToMatrix<float>([0f, 0f, 0f, 0f], m);
        Assert.Equal([1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 1f], m);
    }

    [Fact]
    public void SixD_round_trips_a_rotation_and_orthonormalises_any_input()
    {
        var rng = new Random(8);
        for (int trial = 0; trial < 50; trial++)
        {
            var m = new double[9];
            Rotations.AxisAngleToMatrix<double>(RandomAxisAngle(rng, rng.NextDouble() * Math.PI), m);
            var six = new double[6];
            var back = new double[9];
            Rotations.MatrixToSixD<double>(m, six);
            Assert.Equal([m[0], m[3], m[6], m[1], m[4], m[7]], six);
            Rotations.SixDToMatrix<double>(six, back);
            Close(m, back, 1e-15);

            // Any two non-parallel 3-vectors give a rotation whose first column is along the first.
            var raw = Enumerable.Range(0, 6).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
            Rotations.SixDToMatrix<double>(raw, back);
            IsRotation(back, 1e-14);
            double n1 = Math.Sqrt(raw[0] * raw[0] + raw[1] * raw[1] + raw[2] * raw[2]);
            Close([raw[0] / n1, raw[1] / n1, raw[2] / n1], [back[0], back[3], back[6]], 1e-15);
            // The second column lies in the plane of the two inputs: (a₁ × a₂) · b₂ = 0.
            double cx = raw[1] * raw[5] - raw[2] * raw[4], cy = raw[2] * raw[3] - raw[0] * raw[5], cz = raw[0] * raw[4] - raw[1] * raw[3];
            Assert.True(Math.Abs(cx * back[1] + cy * back[4] + cz * back[7]) < 1e-13);
        }
    }

    [Fact]
    public void Batched_forms_match_the_single_forms()
    {
        var rng = new Random(9);
        const int n = 7;
        var w = Enumerable.Range(0, 3 * n).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
        var mats = new float[9 * n];
        var quats = new float[4 * n];
        var sixes = new float[6 * n];
        var back = new float[3 * n];
        var fromQ = new float[9 * n];
        var fromSix = new float[9 * n];
        Rotations.AxisAnglesToMatrices<float>(w, mats);
        Rotations.MatricesToQuaternions<float>(mats, quats);
        Rotations.QuaternionsToMatrices<float>(quats, fromQ);
        Rotations.MatricesToSixDs<float>(mats, sixes);
        Rotations.SixDsToMatrices<float>(sixes, fromSix);
        Rotations.MatricesToAxisAngles<float>(mats, back);
        for (int i = 0; i < n; i++)
        {
            var single = new float[9];
            Rotations.AxisAngleToMatrix<float>(w.AsSpan(3 * i, 3), single);
            Assert.Equal(single, mats.AsSpan(9 * i, 9).ToArray());
        }
        Close(mats, fromQ, 1e-6);
        Close(mats, fromSix, 1e-6);
        Close(w, back, 1e-5);
    }

    [Fact]
    public void Wrong_lengths_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Rotations.AxisAngleToMatrix<float>(new float[2], new float[9]));
        Assert.Throws<ArgumentException>(() => Rotations.AxisAnglesToMatrices<float>(new float[6], new float[9]));
        Assert.Throws<ArgumentException>(() => Rotations.SixDToMatrix<double>(new double[6], new double[8]));
    }
}
