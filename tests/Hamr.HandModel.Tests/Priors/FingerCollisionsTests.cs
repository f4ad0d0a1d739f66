using Hamr.HandModel.OpenHand;
using Hamr.HandModel.Priors;

namespace Hamr.HandModel.Tests.Priors;

public sealed class FingerCollisionsTests
{
    private static readonly HandModel s_right = OpenHandModel.LoadRight();
    private static readonly FingerCollisions s_collisions = new(s_right);
    private static readonly JointLimits s_limits = new(s_right);

    [Theory]
    [InlineData(0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 1)]         // parallel, 1 apart
    [InlineData(-1, 0, 0, 1, 0, 0, 0, -1, 2, 0, 1, 2, 2)]       // crossing at right angles, 2 apart in z
    [InlineData(0, 0, 0, 1, 0, 0, 3, 0, 0, 4, 0, 0, 2)]         // collinear, end to end
    [InlineData(0, 0, 0, 0, 0, 0, 0, 3, 0, 5, 3, 0, 3)]         // a point and a segment
    [InlineData(0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 4, 4)]         // two points
    public void Segment_distance_is_the_closest_approach(float ax, float ay, float az, float bx, float by, float bz,
        float cx, float cy, float cz, float dx, float dy, float dz, double expected)
    {
        Assert.Equal(expected, FingerCollisions.SegmentDistance([ax, ay, az], [bx, by, bz], [cx, cy, cz], [dx, dy, dz]), 6);
        Assert.Equal(expected, FingerCollisions.SegmentDistance([cx, cy, cz], [dx, dy, dz], [ax, ay, az], [bx, by, bz]), 6);
    }

    [Fact]
    public void Radii_are_finger_sized_and_taper_toward_the_tips()
    {
        for (int s = 0; s < FingerCollisions.CapsuleCount; s++)
        {
            Assert.InRange(s_collisions.Radius(s), 0.005, 0.012);
        }
        for (int finger = 1; finger < 5; finger++)
        {
            Assert.True(s_collisions.Radius(3 * finger) > s_collisions.Radius(3 * finger + 2), $"finger {finger}");
        }
    }

    [Fact]
    public void The_open_hand_is_free_and_an_index_swung_into_the_middle_finger_is_caught()
    {
        var (overlap, _, _) = s_collisions.WorstOverlapOfPose(new float[48]);
        Assert.True(overlap < 0, $"rest pose overlap {overlap * 1000:0.0} mm");

        // Index abducted 15° toward the middle finger, the middle finger 15° toward it, beyond the tolerance of hinges:
        // the proximal phalanges cross.
        var degrees = new float[45];
        degrees[1] = -15;   // index1 abduction (+ radial)
        degrees[10] = 15;   // middle1 abduction
        var theta = new float[48];
        s_limits.FromAnatomical(degrees, theta);
        var (crossed, a, b) = s_collisions.WorstOverlapOfPose(theta);
        Assert.True(crossed > FingerCollisions.DefaultToleranceMeters, $"overlap {crossed * 1000:0.0} mm");
        Assert.Equal((1, 2), (a / 3, b / 3)); // an index capsule against a middle one
        Assert.True(s_collisions.Interpenetrates(theta));
        Assert.Throws<ArgumentException>(() => s_collisions.WorstOverlap(new float[60]));
    }
}
