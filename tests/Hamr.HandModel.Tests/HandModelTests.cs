namespace Hamr.HandModel.Tests;

public sealed class HandModelTests
{
    [Fact]
    public void Constructor_rejects_a_parent_after_its_child()
    {
        int v = 3;
        var parents = new int[16];
        parents[0] = -1;
        parents[5] = 9;
        var ex = Assert.Throws<ArgumentException>(() => new HandModel(
            "tiny", Handedness.Right, new float[v * 3], [0, 1, 2], new float[v * 3 * 10], [], new float[16 * v], new float[5 * v], parents, new float[v * 16]));
        Assert.Contains("parent of joint 5", ex.Message);
    }
}
