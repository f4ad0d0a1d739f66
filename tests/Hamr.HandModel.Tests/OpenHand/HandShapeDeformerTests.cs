using Hamr.HandModel.OpenHand;

namespace Hamr.HandModel.Tests.OpenHand;

public sealed class HandShapeDeformerTests
{
    private static readonly HandModel s_right = OpenHandModel.LoadRight();

    private static HandShapeDeformer Deformer()
    {
        var rest = HandModelMeasures.RestKeypoints(s_right);
        return new HandShapeDeformer(s_right.TemplateVertices, rest[..48], rest[48..], s_right.SkinWeights);
    }

    [Fact]
    public void Unit_factors_leave_the_template_unchanged()
    {
        var d = Deformer();
        var vertices = new double[s_right.VertexCount * 3];
        var joints = new double[48];
        var tips = new double[15];
        d.Deform(new HandShapeFactors(), vertices, joints, tips);
        for (int i = 0; i < vertices.Length; i++)
        {
            Assert.Equal(s_right.TemplateVertices[i], vertices[i], 1e-6);
        }
    }

    [Fact]
    public void Size_scales_everything_about_the_wrist()
    {
        var d = Deformer();
        var vertices = new double[s_right.VertexCount * 3];
        var joints = new double[48];
        var tips = new double[15];
        d.Deform(new HandShapeFactors { Size = 1.1 }, vertices, joints, tips);
        var rest = HandModelMeasures.RestKeypoints(s_right);
        for (int i = 0; i < vertices.Length; i++)
        {
            Assert.Equal(1.1 * s_right.TemplateVertices[i], vertices[i], 1e-6); // the wrist is the origin
        }

        for (int i = 0; i < 48; i++)
        {
            Assert.Equal(1.1 * rest[i], joints[i], 1e-6);
        }
    }

    [Fact]
    public void Longer_middle_finger_moves_only_its_joints_and_tip_along_its_bones()
    {
        var d = Deformer();
        var f = new HandShapeFactors();
        f.FingerLength[2] = 1.2;
        var vertices = new double[s_right.VertexCount * 3];
        var joints = new double[48];
        var tips = new double[15];
        d.Deform(f, vertices, joints, tips);
        var rest = HandModelMeasures.RestKeypoints(s_right);
        for (int j = 0; j < 16; j++)
        {
            double moved = Math.Sqrt(Enumerable.Range(0, 3).Sum(c => Math.Pow(joints[(j * 3) + c] - rest[(j * 3) + c], 2)));
            Assert.True(j is 5 or 6 ? moved > 1e-3 : moved < 1e-9, $"joint {HandJoints.JointNames[j]} moved {moved}");
        }

        // Middle tip: each of the three bones is 20 % longer, so the MCP → tip chain grows by 20 %.
        double Chain(ReadOnlySpan<double> j, ReadOnlySpan<double> t) =>
            Dist(j.Slice(12, 3), j.Slice(15, 3)) + Dist(j.Slice(15, 3), j.Slice(18, 3)) + Dist(j.Slice(18, 3), t.Slice(6, 3));
        Assert.Equal(1.2 * Chain(rest.AsSpan(0, 48), rest.AsSpan(48, 15)), Chain(joints, tips), 1e-9);
    }

    [Fact]
    public void Palm_frame_points_fingers_along_minus_y_and_the_palm_along_minus_x()
    {
        var d = Deformer();
        Assert.True(d.PalmLengthAxis[1] < -0.95, "fingers point along -y");
        Assert.True(d.PalmNormal[0] < -0.9, "the palm faces -x");
        Assert.True(d.PalmWidthAxis[2] < -0.9, "the thumb side is -z");
    }

    private static double Dist(ReadOnlySpan<double> a, ReadOnlySpan<double> b) =>
        Math.Sqrt(((a[0] - b[0]) * (a[0] - b[0])) + ((a[1] - b[1]) * (a[1] - b[1])) + ((a[2] - b[2]) * (a[2] - b[2])));
}
