using Hamr.HandModel.Priors;
using Hamr.HandModel.Tests.Support;
using Hamr.Tensors;
using Hamr.Tensors.Tests.Support;

namespace Hamr.HandModel.Tests.Priors;

public sealed class JointLimitsTests
{
    private static readonly HandModel Model = SyntheticHand.Create();
    private static readonly JointLimits Limits = new(Model);

    /// <summary>Tip index (thumb, index, middle, ring, pinky) of the finger each joint 1..15 belongs to.</summary>
    private static int TipOf(int joint) => joint switch
    {
        <= 3 => 1,
        <= 6 => 2,
        <= 9 => 4,
        <= 12 => 3,
        _ => 0,
    };

    private static float[] PoseWith(int joint, float flexion, float abduction, float twist)
    {
        var degrees = new float[45];
        degrees[3 * (joint - 1)] = flexion;
        degrees[3 * (joint - 1) + 1] = abduction;
        degrees[3 * (joint - 1) + 2] = twist;
        var theta = new float[48];
        Limits.FromAnatomical(degrees, theta);
        return theta;
    }

    private static float[] Tips(HandLayer layer, float[] theta)
    {
        var output = layer.CreateOutput(1);
        layer.Forward([], theta, [], output);
        var tips = new float[15];
        for (int t = 0; t < 5; t++)
        {
            int k = Array.IndexOf(HandJoints.KeypointFromJointsAndTips, 16 + t);
            output.Keypoints.AsSpan(3 * k, 3).CopyTo(tips.AsSpan(3 * t, 3));
        }
        return tips;
    }

    [Fact]
    public void Table_has_a_sourced_row_per_finger_joint_and_admits_the_rest_pose()
    {
        var table = JointLimitTable.Default;
        Assert.Equal(15, table.Count);
        for (int j = 0; j < 15; j++)
        {
            var row = table[j];
            Assert.Equal(j + 1, row.Joint);
            Assert.False(string.IsNullOrWhiteSpace(row.Source));
            foreach (var range in new[] { row.Flexion, row.Abduction, row.Twist })
            {
                Assert.True(range.Min <= 0 && range.Max >= 0 && range.Min < range.Max, $"{row.Name}: {range}");
            }
        }
        Assert.True(Limits.IsWithin(new float[48]));
    }

    [Fact]
    public void Frames_are_orthonormal_and_anatomical_degrees_round_trip()
    {
        for (int j = 1; j < 16; j++)
        {
            var a = Limits.Frames.Axes(j);
            for (int r = 0; r < 3; r++)
            {
                for (int c = 0; c < 3; c++)
                {
                    double dot = a[3 * r] * a[3 * c] + a[3 * r + 1] * a[3 * c + 1] + a[3 * r + 2] * a[3 * c + 2];
                    Assert.Equal(r == c ? 1 : 0, dot, 12);
                }
            }
        }
        var rng = new Random(1);
        var degrees = Enumerable.Range(0, 45).Select(_ => (float)(rng.NextDouble() * 120 - 60)).ToArray();
        var theta = new float[48];
        var back = new float[45];
        Limits.FromAnatomical(degrees, theta);
        Limits.ToAnatomical(theta, back);
        for (int i = 0; i < 45; i++)
        {
            Assert.Equal(degrees[i], back[i], 3);
        }
    }

    [Fact]
    public void Flexion_moves_every_fingertip_toward_the_palm()
    {
        // The synthetic right hand's palm faces +z (fingers +y, thumb +x).
        var layer = new HandLayer(Model);
        var rest = Tips(layer, new float[48]);
        for (int j = 1; j < 16; j++)
        {
            var flexed = Tips(layer, PoseWith(j, 30, 0, 0));
            int t = TipOf(j);
            double dz = flexed[3 * t + 2] - rest[3 * t + 2];
            Assert.True(dz > 1e-3, $"{HandJoints.JointNames[j]}: tip moved {dz * 1000:F2} mm along the palm normal");
            if (j >= 13)
            {
                // The thumb flexes across the palm: toward the little finger's base.
                var pinky1 = SyntheticHand.RestJoints.AsSpan(21, 3);
                Assert.True(Distance(flexed.AsSpan(0, 3), pinky1) < Distance(rest.AsSpan(0, 3), pinky1), HandJoints.JointNames[j]);
            }
            var extended = Tips(layer, PoseWith(j, -10, 0, 0));
            Assert.True(extended[3 * t + 2] < rest[3 * t + 2], $"{HandJoints.JointNames[j]}: extension should move away from the palm");
        }
    }

    [Fact]
    public void Positive_abduction_moves_fingers_radially_and_the_thumb_away_from_the_palm()
    {
        var layer = new HandLayer(Model);
        var rest = Tips(layer, new float[48]);
        foreach (int j in new[] { 1, 4, 7, 10 })
        {
            var moved = Tips(layer, PoseWith(j, 0, 10, 0));
            int t = TipOf(j);
            Assert.True(moved[3 * t] - rest[3 * t] > 1e-3, $"{HandJoints.JointNames[j]}: radial is +x");
        }
        var thumb = Tips(layer, PoseWith(13, 0, 20, 0));
        Assert.True(thumb[2] > rest[2], "thumb abduction leaves the palm plane on the palmar side");
        var index1 = SyntheticHand.RestJoints.AsSpan(3, 3);
        Assert.True(Distance(thumb.AsSpan(0, 3), index1) > Distance(rest.AsSpan(0, 3), index1), "and opens the first web space");
    }

    [Fact]
    public void Flexion_of_a_mirrored_left_hand_also_moves_toward_its_palm()
    {
        // Mirror x: the left hand's palm still faces +z, its thumb is on −x.
        var joints = (float[])SyntheticHand.RestJoints.Clone();
        var tips = (float[])SyntheticHand.RestTips.Clone();
        for (int i = 0; i < joints.Length; i += 3)
        {
            joints[i] = -joints[i];
        }
        for (int i = 0; i < tips.Length; i += 3)
        {
            tips[i] = -tips[i];
        }
        var frames = new AnatomicalFrames(joints, tips, Handedness.Left);
        var theta = new float[3];
        for (int j = 1; j < 16; j++)
        {
            frames.FromDegrees(j, [30, 0, 0], theta);
            var r = LbsReference.Rodrigues(theta[0], theta[1], theta[2]);
            var d = Distal(frames, j);
            double x = r[0] * d[0] + r[1] * d[1] + r[2] * d[2];
            double z = r[6] * d[0] + r[7] * d[1] + r[8] * d[2];
            if (j < 13)
            {
                Assert.True(z - d[2] > 0.1, $"left {HandJoints.JointNames[j]}");
            }
            else
            {
                // The thumb flexes across the palm: mostly ulnar (+x on this left hand), a little toward the palm side.
                Assert.True(x - d[0] > 0.1 && z - d[2] > 0, $"left {HandJoints.JointNames[j]}");
            }
        }
        // Radial abduction of the left index goes to −x.
        frames.FromDegrees(1, [0, 10, 0], theta);
        var ri = LbsReference.Rodrigues(theta[0], theta[1], theta[2]);
        var di = Distal(frames, 1);
        Assert.True(ri[0] * di[0] + ri[1] * di[1] + ri[2] * di[2] < di[0]);
    }

    /// <summary>The distal bone direction of a left hand's joint: its twist axis is −d (mirror-consistent twist).</summary>
    private static double[] Distal(AnatomicalFrames leftFrames, int joint) => [.. leftFrames.Axes(joint)[6..9].ToArray().Select(x => -x)];

    [Fact]
    public void Penalty_is_zero_inside_and_the_squared_radian_excess_outside()
    {
        var sampler = new PoseSampler(Limits, 3);
        var inside = Enum.GetValues<NamedPose>().Select(sampler.Named).Concat(Enumerable.Range(0, 20).Select(_ => sampler.Uniform())).ToArray();
        var batch = Tensor.FromArray(inside.SelectMany(t => t).ToArray(), inside.Length, 16, 3);
        Assert.All(Limits.Penalty(batch).ToArray(), p => Assert.True(p < 1e-10, $"penalty {p} inside the limits"));

        // index2 (PIP) flexed 130°: 20° past its 110° limit; the wrist's free rotation adds nothing.
        var theta = PoseWith(2, 130, 0, 0);
        theta[0] = 2.5f;
        theta[1] = -1f;
        double excess = 20 * Math.PI / 180;
        Assert.Equal(excess * excess, Limits.Penalty(Tensor.FromArray(theta, 1, 16, 3)).Item(), 4);
        Assert.False(Limits.IsWithin(theta));
    }

    [Fact]
    public void Penalty_gradient_matches_double_differences()
    {
        var rng = new Random(4);
        var theta = Tensor.FromArray(Enumerable.Range(0, 2 * 48).Select(_ => (float)(rng.NextDouble() * 3 - 1.5)).ToArray(), 2, 16, 3).RequireGrad();
        GradCheck.AgainstReference(x => Limits.Penalty(x[0]), v => PenaltyReference(v[0]), [theta]);
    }

    private static double[] PenaltyReference(double[] theta)
    {
        int b = theta.Length / 48;
        var result = new double[b];
        for (int i = 0; i < b; i++)
        {
            for (int j = 1; j < 16; j++)
            {
                var a = Limits.Frames.Axes(j);
                var row = Limits.Table[j - 1];
                AngleRange[] ranges = [row.Flexion, row.Abduction, row.Twist];
                for (int k = 0; k < 3; k++)
                {
                    double c = a[3 * k] * theta[48 * i + 3 * j] + a[3 * k + 1] * theta[48 * i + 3 * j + 1] + a[3 * k + 2] * theta[48 * i + 3 * j + 2];
                    double lo = ranges[k].Min * (double)MathF.PI / 180, hi = ranges[k].Max * (double)MathF.PI / 180;
                    double e = c > hi ? c - hi : c < lo ? lo - c : 0;
                    result[i] += e * e;
                }
            }
        }
        return result;
    }

    [Fact]
    public void Bad_inputs_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Limits.Penalty(Tensor.Zeros(2, 15, 3)));
        Assert.Throws<ArgumentException>(() => Limits.ToAnatomical(new float[45], new float[45]));
        Assert.Throws<ArgumentException>(() => new JointLimits(Model, JointLimitTable.Default.Take(14).ToList()));
        Assert.Throws<ArgumentException>(() => new AnatomicalFrames(new float[48], new float[15], Handedness.Right));
    }

    private static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        Math.Sqrt((a[0] - b[0]) * (double)(a[0] - b[0]) + (a[1] - b[1]) * (double)(a[1] - b[1]) + (a[2] - b[2]) * (double)(a[2] - b[2]));
}
