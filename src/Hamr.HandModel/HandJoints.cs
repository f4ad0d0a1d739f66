namespace Hamr.HandModel;

/// <summary>
/// The joint lists and orders, in one place: the 16 articulated joints in MANO's order (the pose vector's order),
/// the 5 fingertips, and the 21 keypoints in the project's order (MediaPipe = FreiHAND = OpenPose: wrist; thumb
/// CMC, MCP, IP, tip; index MCP, PIP, DIP, tip; middle …; ring …; pinky …) with the map from the 16 + 5.
/// Sources: MANO's <c>kintree_table</c> (Romero et al. 2017, MANO_RIGHT.pkl v1.2) for the order and parents;
/// MediaPipe Hands' landmark list for the 21.
/// </summary>
public static class HandJoints
{
    /// <summary>Names of the 16 articulated joints in MANO order.</summary>
    public static readonly string[] JointNames =
    [
        "wrist",
        "index1", "index2", "index3",
        "middle1", "middle2", "middle3",
        "pinky1", "pinky2", "pinky3",
        "ring1", "ring2", "ring3",
        "thumb1", "thumb2", "thumb3",
    ];

    /// <summary>Parent of each of the 16 joints (MANO's kinematic tree; −1 for the wrist).</summary>
    public static readonly int[] Parents = [-1, 0, 1, 2, 0, 4, 5, 0, 7, 8, 0, 10, 11, 0, 13, 14];

    /// <summary>Names of the 5 fingertips, in the order of <see cref="HandModel.TipRegressor"/>.</summary>
    public static readonly string[] TipNames = ["thumb_tip", "index_tip", "middle_tip", "ring_tip", "pinky_tip"];

    /// <summary>Names of the 21 keypoints in the project's (MediaPipe) order.</summary>
    public static readonly string[] KeypointNames =
    [
        "wrist",
        "thumb_cmc", "thumb_mcp", "thumb_ip", "thumb_tip",
        "index_mcp", "index_pip", "index_dip", "index_tip",
        "middle_mcp", "middle_pip", "middle_dip", "middle_tip",
        "ring_mcp", "ring_pip", "ring_dip", "ring_tip",
        "pinky_mcp", "pinky_pip", "pinky_dip", "pinky_tip",
    ];

    /// <summary>
    /// For each of the 21 keypoints, its index in the concatenation [16 joints (MANO order), 5 tips (thumb, index,
    /// middle, ring, pinky)] — i.e. 0–15 are joints, 16–20 are tips.
    /// </summary>
    public static readonly int[] KeypointFromJointsAndTips =
    [
        0,
        13, 14, 15, 16,
        1, 2, 3, 17,
        4, 5, 6, 18,
        10, 11, 12, 19,
        7, 8, 9, 20,
    ];

    /// <summary>Number of keypoints (21).</summary>
    public const int KeypointCount = 21;

    /// <summary>Parent of each keypoint in the 21-point skeleton (for drawing bones; −1 for the wrist).</summary>
    public static readonly int[] KeypointParents = [-1, 0, 1, 2, 3, 0, 5, 6, 7, 0, 9, 10, 11, 0, 13, 14, 15, 0, 17, 18, 19];

    /// <summary>Finger of each keypoint: 0 wrist, 1 thumb, 2 index, 3 middle, 4 ring, 5 pinky (for colour per finger).</summary>
    public static readonly int[] KeypointFinger = [0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5];
}
