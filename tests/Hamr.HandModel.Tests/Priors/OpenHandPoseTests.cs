using System.Numerics;
using Hamr.HandModel.Gltf;
using Hamr.HandModel.OpenHand;
using Hamr.HandModel.Priors;
using Hamr.HandModel.Tests.Support;
using Xunit.Abstractions;

namespace Hamr.HandModel.Tests.Priors;

/// <summary>
/// The priors on the real open hand: joints flex the way the WebXR rig says the palm is, and the named poses look like
/// their names (measured on keypoints: distances between tips and phalanges, fingers not through each other).
/// Pictures of the same poses: docs/images/ (hamr render-hand).
/// </summary>
public sealed class OpenHandPoseTests(ITestOutputHelper output)
{
    private static readonly HandModel s_right = OpenHandModel.LoadRight();
    private static readonly HandLayer s_layer = new(s_right);
    private static readonly JointLimits s_limits = new(s_right);
    private static readonly FingerCollisions s_collisions = new(s_right);

    // Keypoints (project order) of each finger's base, and the tip keypoint each MANO joint moves.
    private static readonly int[] TipOfJoint = [0, 8, 8, 8, 12, 12, 12, 20, 20, 20, 16, 16, 16, 4, 4, 4];

    private static float[] Keypoints(float[] theta)
    {
        var o = s_layer.CreateOutput(1);
        s_layer.Forward([], theta, [], o);
        return o.Keypoints;
    }

    private static float[] Named(NamedPose pose) => new PoseSampler(s_limits, 1).Named(pose);

    private static Vector3 Point(float[] k, int i) => new(k[3 * i], k[3 * i + 1], k[3 * i + 2]);

    private static float Distance(float[] k, int a, int b) => Vector3.Distance(Point(k, a), Point(k, b));

    /// <summary>Distance from keypoint p to the segment between keypoints a and b.</summary>
    private static float ToSegment(float[] k, int p, int a, int b)
    {
        Vector3 pa = Point(k, p) - Point(k, a), ab = Point(k, b) - Point(k, a);
        float t = Math.Clamp(Vector3.Dot(pa, ab) / ab.LengthSquared(), 0, 1);
        return (pa - t * ab).Length();
    }

    [Fact]
    public void Flexion_moves_each_tip_toward_the_palm_side_of_its_phalanx_as_the_webxr_rig_defines_it()
    {
        // WebXR Hand Input: a joint's −Y axis points "perpendicular to the skin, towards the palm". The rig's bind
        // orientations are independent of our frames (they are not used to build the model).
        var glb = GltfSkinnedMesh.Read(SharedAssets.RightGlb);
        var rest = Keypoints(new float[48]);
        for (int j = 1; j < 16; j++)
        {
            Matrix4x4.Invert(glb.InverseBindMatrices[glb.JointIndex(WebXrJoints.ManoJointSource[j])], out var bind);
            var palmar = -Vector3.Normalize(new Vector3(bind.M21, bind.M22, bind.M23)); // the joint's Y axis in the model (row-vector convention)
            foreach (float degrees in new[] { 30f, -10f })
            {
                var anatomical = new float[45];
                anatomical[3 * (j - 1)] = degrees;
                var theta = new float[48];
                s_limits.FromAnatomical(anatomical, theta);
                int tip = TipOfJoint[j];
                var moved = Point(Keypoints(theta), tip) - Point(rest, tip);
                float cosine = Vector3.Dot(Vector3.Normalize(moved), palmar) * MathF.Sign(degrees);
                output.WriteLine($"{HandJoints.JointNames[j],-8} {degrees,4}°: tip moves {moved.Length() * 1000,5:0.0} mm, cosine with the rig's palmar axis {cosine:0.00}");
                // Within 25° of the rig's palmar axis (measured: fingers 0.95–1.00, thumb 0.97–1.00).
                Assert.True(cosine > 0.9f, $"{HandJoints.JointNames[j]} at {degrees}°: cosine {cosine}");
            }
        }
    }

    [Fact]
    public void Thumb_abduction_lifts_the_thumb_out_of_the_palm_and_finger_abduction_moves_radially()
    {
        // Palm normal (out of the palm) and radial direction from the rig: the middle metacarpal's −Y, and pinky → index MCP.
        var glb = GltfSkinnedMesh.Read(SharedAssets.RightGlb);
        Matrix4x4.Invert(glb.InverseBindMatrices[glb.JointIndex("middle-finger-metacarpal")], out var bind);
        var palmOut = -Vector3.Normalize(new Vector3(bind.M21, bind.M22, bind.M23));
        var rest = Keypoints(new float[48]);
        var radial = Vector3.Normalize(Point(rest, 5) - Point(rest, 17));
        foreach (int j in new[] { 1, 4, 7, 10, 13 })
        {
            var anatomical = new float[45];
            anatomical[3 * (j - 1) + 1] = 15;
            var theta = new float[48];
            s_limits.FromAnatomical(anatomical, theta);
            int tip = TipOfJoint[j];
            var moved = Vector3.Normalize(Point(Keypoints(theta), tip) - Point(rest, tip));
            float along = Vector3.Dot(moved, j == 13 ? palmOut : radial);
            output.WriteLine($"{HandJoints.JointNames[j]} abduction 15°: tip direction · {(j == 13 ? "palm normal" : "radial")} = {along:0.00}");
            Assert.True(along > 0.7f, $"{HandJoints.JointNames[j]}: {along}");
        }
    }

    [Fact]
    public void Pinch_brings_the_thumb_tip_to_the_index_tip()
    {
        var k = Keypoints(Named(NamedPose.Pinch));
        float gap = Distance(k, 4, 8);
        output.WriteLine($"pinch: thumb tip to index tip {gap * 100:0.00} cm");
        Assert.True(gap < 0.025f, $"{gap * 100:0.00} cm");
        Assert.True(Distance(Keypoints(new float[48]), 4, 8) > 0.08f, "and they are apart in the open hand");
    }

    [Fact]
    public void Grasp_curls_the_fingers_and_opposes_the_thumb_across_a_gap()
    {
        var open = Keypoints(new float[48]);
        var k = Keypoints(Named(NamedPose.Grasp));
        float gap = Distance(k, 4, 8);
        output.WriteLine($"grasp: thumb tip to index tip {gap * 100:0.00} cm");
        Assert.InRange(gap, 0.01f, 0.035f);
        foreach (int tip in new[] { 8, 12, 16, 20 })
        {
            float ratio = Distance(k, tip, 0) / Distance(open, tip, 0);
            Assert.InRange(ratio, 0.55f, 0.8f); // curled around something, not a fist
        }
    }

    [Fact]
    public void Fist_curls_every_finger_and_lays_the_thumb_over_the_middle_phalanges()
    {
        var open = Keypoints(new float[48]);
        var k = Keypoints(Named(NamedPose.Fist));
        foreach (int tip in new[] { 8, 12, 16, 20 })
        {
            Assert.True(Distance(k, tip, tip - 3) < 0.6f * Distance(open, tip, tip - 3), $"{HandJoints.KeypointNames[tip]} is not curled to its knuckle");
        }
        float thumbToMiddlePhalanges = Math.Min(ToSegment(k, 4, 6, 7), ToSegment(k, 4, 10, 11));
        output.WriteLine($"fist: thumb tip to the index/middle middle phalanx {thumbToMiddlePhalanges * 100:0.00} cm");
        Assert.True(thumbToMiddlePhalanges < 0.025f, $"{thumbToMiddlePhalanges * 100:0.00} cm");
    }

    [Fact]
    public void Point_extends_only_the_index_and_thumbs_up_only_the_thumb()
    {
        var open = Keypoints(new float[48]);
        var point = Keypoints(Named(NamedPose.Point));
        Assert.Equal(Distance(open, 8, 0), Distance(point, 8, 0), 4);
        foreach (int tip in new[] { 12, 16, 20 })
        {
            Assert.True(Distance(point, tip, tip - 3) < 0.6f * Distance(open, tip, tip - 3), HandJoints.KeypointNames[tip]);
        }
        Assert.True(ToSegment(point, 4, 10, 11) < 0.025f, "the thumb holds the middle finger down");

        var up = Keypoints(Named(NamedPose.ThumbsUp));
        foreach (int tip in new[] { 8, 12, 16, 20 })
        {
            Assert.True(Distance(up, tip, tip - 3) < 0.6f * Distance(open, tip, tip - 3), HandJoints.KeypointNames[tip]);
        }
        // The thumb straight (tip as far from its CMC as when open) and pointing radially, away from the fingers.
        Assert.True(Distance(up, 4, 1) > 0.97f * Distance(open, 4, 1));
        var radial = Vector3.Normalize(Point(open, 5) - Point(open, 17)); // pinky MCP → index MCP
        var thumb = Vector3.Normalize(Point(up, 4) - Point(up, 2));
        output.WriteLine($"thumbs-up: thumb direction · radial = {Vector3.Dot(thumb, radial):0.00}");
        Assert.True(Vector3.Dot(thumb, radial) > 0.6f);
    }

    [Fact]
    public void Named_poses_keep_fingers_out_of_each_other()
    {
        foreach (var pose in Enum.GetValues<NamedPose>())
        {
            var (overlap, a, b) = s_collisions.WorstOverlapOfPose(Named(pose));
            output.WriteLine($"{pose,-9} worst overlap {overlap * 1000,5:0.0} mm (capsules {a}, {b})");
            Assert.True(overlap <= FingerCollisions.DefaultToleranceMeters, $"{pose}: capsules {a} and {b} overlap by {overlap * 1000:0.0} mm");
        }
    }

    [Fact]
    public void Sampled_poses_interpenetrate_in_a_minority_of_draws_and_none_with_collision_rejection()
    {
        const int n = 300;
        var plain = new PoseSampler(s_limits, 21);
        var rejecting = new PoseSampler(s_right, 21);
        int uniform = 0, blend = 0, uniformRejected = 0, blendRejected = 0;
        for (int i = 0; i < n; i++)
        {
            uniform += s_collisions.Interpenetrates(plain.Uniform()) ? 1 : 0;
            blend += s_collisions.Interpenetrates(plain.RandomBlend()) ? 1 : 0;
            var u = rejecting.Uniform();
            Assert.True(s_limits.IsWithin(u));
            uniformRejected += s_collisions.Interpenetrates(u) ? 1 : 0;
            blendRejected += s_collisions.Interpenetrates(rejecting.RandomBlend()) ? 1 : 0;
        }
        output.WriteLine($"fingers through each other (> 3 mm capsule overlap), {n} draws: uniform {uniform}, random blend {blend}; with rejection {uniformRejected} and {blendRejected}");
        // Measured: 41 % of both here; 36 % and 38 % over 2000 draws of another seed. None with rejection.
        Assert.True(uniform < n / 2 && blend < n / 2);
        Assert.True(uniformRejected <= n / 100 && blendRejected <= n / 100);
    }

    [Fact]
    public void Left_hand_priors_give_the_mirror_image_of_the_right_hand_poses()
    {
        // The left model's frames make the same anatomical angles the mirrored motion: θ_left = mirror rule(θ_right).
        var left = OpenHandModel.LoadLeft();
        var rightSampler = new PoseSampler(s_limits, 4);
        var leftSampler = new PoseSampler(new JointLimits(left), 4);
        var draws = Enum.GetValues<NamedPose>().Select(p => (rightSampler.Named(p), leftSampler.Named(p)))
            .Concat(Enumerable.Range(0, 5).Select(_ => (rightSampler.Uniform(), leftSampler.Uniform())));
        foreach (var (r, l) in draws)
        {
            var mirrored = (float[])r.Clone();
            HandModelMirror.MirrorPose(mirrored);
            for (int i = 0; i < 48; i++)
            {
                Assert.Equal(mirrored[i], l[i], 5);
            }
        }
    }
}
