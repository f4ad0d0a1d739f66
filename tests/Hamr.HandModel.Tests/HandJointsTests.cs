namespace Hamr.HandModel.Tests;

public sealed class HandJointsTests
{
    [Fact]
    public void Keypoint_map_sends_each_named_keypoint_to_the_joint_or_tip_of_the_same_name()
    {
        string[] mano21 = [.. HandJoints.JointNames, .. HandJoints.TipNames];
        var expected = new Dictionary<string, string>
        {
            ["wrist"] = "wrist",
            ["thumb_cmc"] = "thumb1",
            ["thumb_mcp"] = "thumb2",
            ["thumb_ip"] = "thumb3",
            ["thumb_tip"] = "thumb_tip",
            ["index_mcp"] = "index1",
            ["index_pip"] = "index2",
            ["index_dip"] = "index3",
            ["index_tip"] = "index_tip",
            ["middle_mcp"] = "middle1",
            ["middle_pip"] = "middle2",
            ["middle_dip"] = "middle3",
            ["middle_tip"] = "middle_tip",
            ["ring_mcp"] = "ring1",
            ["ring_pip"] = "ring2",
            ["ring_dip"] = "ring3",
            ["ring_tip"] = "ring_tip",
            ["pinky_mcp"] = "pinky1",
            ["pinky_pip"] = "pinky2",
            ["pinky_dip"] = "pinky3",
            ["pinky_tip"] = "pinky_tip",
        };
        Assert.Equal(HandJoints.KeypointCount, HandJoints.KeypointNames.Length);
        for (int k = 0; k < HandJoints.KeypointCount; k++)
        {
            Assert.Equal(expected[HandJoints.KeypointNames[k]], mano21[HandJoints.KeypointFromJointsAndTips[k]]);
        }

        Assert.Equal(Enumerable.Range(0, 21), HandJoints.KeypointFromJointsAndTips.Order());
    }

    [Fact]
    public void Keypoint_parents_follow_each_finger_from_the_wrist()
    {
        for (int k = 1; k < HandJoints.KeypointCount; k++)
        {
            int p = HandJoints.KeypointParents[k];
            Assert.True(p < k);
            Assert.True(p == 0 || HandJoints.KeypointFinger[p] == HandJoints.KeypointFinger[k]);
        }
    }

    [Fact]
    public void Mano_parents_link_each_finger_chain_to_the_wrist()
    {
        for (int j = 1; j < 16; j++)
        {
            string name = HandJoints.JointNames[j];
            int p = HandJoints.Parents[j];
            Assert.True(name.EndsWith('1') ? p == 0 : HandJoints.JointNames[p] == name[..^1] + (char)(name[^1] - 1));
        }
    }
}
