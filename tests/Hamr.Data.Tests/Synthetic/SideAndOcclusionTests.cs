using Hamr.Data.Synthetic;
using Hamr.HandModel;

namespace Hamr.Data.Tests.Synthetic;

public sealed class SideAndOcclusionTests
{
    private static readonly Lazy<(SyntheticHandGenerator Right, SyntheticHandGenerator Left)> s_sides = new(() => (
        new SyntheticHandGenerator(new SyntheticOptions { Seed = 5, LeftHandProbability = 0, OccluderProbability = 0 }),
        new SyntheticHandGenerator(new SyntheticOptions { Seed = 5, LeftHandProbability = 1, OccluderProbability = 0 })));

    [Fact]
    public void Left_samples_are_the_mirror_image_of_the_right_samples_of_the_same_draws()
    {
        var (rightGenerator, leftGenerator) = s_sides.Value;
        for (int i = 0; i < 6; i++)
        {
            var right = Generators.Make(rightGenerator, i);
            var left = Generators.Make(leftGenerator, i);
            Assert.Equal(Handedness.Right, right.Side);
            Assert.Equal(Handedness.Left, left.Side);
            for (int q = 0; q < 21; q++)
            {
                Assert.Equal(-right.Keypoints3D[3 * q], left.Keypoints3D[3 * q], 1e-5);
                Assert.Equal(right.Keypoints3D[3 * q + 1], left.Keypoints3D[3 * q + 1], 1e-5);
                Assert.Equal(right.Keypoints3D[3 * q + 2], left.Keypoints3D[3 * q + 2], 1e-5);
                // The crop mirrors too: u → Size − u.
                Assert.Equal(right.Size - right.Keypoints2D[2 * q], left.Keypoints2D[2 * q], 1e-2);
                Assert.Equal(right.Keypoints2D[2 * q + 1], left.Keypoints2D[2 * q + 1], 1e-2);
            }
            // θ is the mirrored pose: y and z of every axis-angle negated; β is shared.
            var mirrored = (float[])right.Theta.Clone();
            HandModelMirror.MirrorPose(mirrored);
            Assert.Equal(mirrored, left.Theta);
            Assert.Equal(right.Beta, left.Beta);
            Assert.Equal(-right.Translation[0], left.Translation[0], 1e-5);
            // The silhouette is the mirror image (up to anti-aliasing and rounding at a few edge pixels).
            int n = right.Size, differing = 0, area = 0;
            for (int y = 0; y < n; y++)
            {
                for (int x = 0; x < n; x++)
                {
                    bool a = right.Mask[y * n + x] > 127, b = left.Mask[y * n + (n - 1 - x)] > 127;
                    differing += a != b ? 1 : 0;
                    area += a ? 1 : 0;
                }
            }
            Assert.True(differing <= area / 50 + 4, $"sample {i}: {differing} of {area} mask pixels differ from the mirror image");
        }
    }

    [Fact]
    public void Keypoints_under_an_occluder_are_invisible_and_leave_the_mask()
    {
        var clean = new SyntheticHandGenerator(new SyntheticOptions { Seed = 9, OccluderProbability = 0, Degrade = false });
        var occluded = new SyntheticHandGenerator(new SyntheticOptions { Seed = 9, OccluderProbability = 1, Degrade = false });
        int covered = 0, uncovered = 0;
        for (int i = 0; i < 16; i++)
        {
            var a = Generators.Make(clean, i);
            var b = Generators.Make(occluded, i);
            Assert.Equal(0, a.Occluders);
            Assert.InRange(b.Occluders, 1, 2);
            // Same hand, same render: occluders come after the geometry.
            Assert.Equal(a.Keypoints2D, b.Keypoints2D);
            Assert.All(b.Mask.Zip(a.Mask), m => Assert.True(m.First <= m.Second, "an occluder can only remove hand from the mask"));
            Assert.True(b.Mask.Sum(m => m) < a.Mask.Sum(m => m), $"sample {i}: the occluders hid nothing");
            for (int q = 0; q < 21; q++)
            {
                int u = (int)a.Keypoints2D[2 * q], v = (int)a.Keypoints2D[2 * q + 1];
                if (!a.Visible[q] || a.Mask[v * a.Size + u] < 200)
                {
                    continue;
                }
                int before = a.Mask[v * a.Size + u], after = b.Mask[v * a.Size + u];
                if (after < before * 0.4)
                {
                    // Over half covered: the occluder hides it.
                    Assert.False(b.Visible[q], $"sample {i} keypoint {q}: under an occluder (mask {before} → {after}) but visible");
                    covered++;
                }
                else if (after == before)
                {
                    Assert.True(b.Visible[q], $"sample {i} keypoint {q}: no occluder over it but invisible");
                    uncovered++;
                }
            }
        }
        Assert.True(covered >= 3, $"only {covered} occluded keypoints were checked");
        Assert.True(uncovered >= 20, $"only {uncovered} unoccluded keypoints were checked");
    }

    [Fact]
    public void Some_keypoints_are_self_occluded_and_all_outside_the_crop_are_invisible()
    {
        // Across samples, some keypoints are self-occluded (fists, side views), most are visible, and every keypoint
        // outside the crop is invisible.
        var g = Generators.Default;
        int total = 0, hidden = 0;
        for (int i = 0; i < 24; i++)
        {
            var s = Generators.Make(g, 100 + i);
            for (int q = 0; q < 21; q++)
            {
                float u = s.Keypoints2D[2 * q], v = s.Keypoints2D[2 * q + 1];
                bool inside = u >= 0 && u < s.Size && v >= 0 && v < s.Size;
                if (!inside)
                {
                    Assert.False(s.Visible[q]);
                    continue;
                }
                total++;
                hidden += s.Visible[q] ? 0 : 1;
            }
        }
        Assert.InRange(hidden, total / 20, total / 2);
    }
}
