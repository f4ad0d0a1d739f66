namespace Hamr.HandModel.OpenHand;

/// <summary>
/// The 25 joints of the WebXR Hand Input spec (names as in the generic-hand GLBs) and how they reduce to MANO's 16
/// articulated joints and 5 tips: wrist ← wrist and the four finger metacarpals (fixed to the palm, as in MANO);
/// finger 1/2/3 ← phalanx-proximal/-intermediate/-distal (the MCP, PIP, DIP joints); thumb 1/2/3 ←
/// thumb-metacarpal/-phalanx-proximal/-phalanx-distal (CMC, MCP, IP); tips ← the *-tip joints.
/// Source: W3C WebXR Hand Input Module, "Skeleton joints" (https://www.w3.org/TR/webxr-hand-input-1/).
/// </summary>
public static class WebXrJoints
{
    /// <summary>The 25 joint names in the WebXR spec's order.</summary>
    public static readonly string[] Names =
    [
        "wrist",
        "thumb-metacarpal", "thumb-phalanx-proximal", "thumb-phalanx-distal", "thumb-tip",
        "index-finger-metacarpal", "index-finger-phalanx-proximal", "index-finger-phalanx-intermediate", "index-finger-phalanx-distal", "index-finger-tip",
        "middle-finger-metacarpal", "middle-finger-phalanx-proximal", "middle-finger-phalanx-intermediate", "middle-finger-phalanx-distal", "middle-finger-tip",
        "ring-finger-metacarpal", "ring-finger-phalanx-proximal", "ring-finger-phalanx-intermediate", "ring-finger-phalanx-distal", "ring-finger-tip",
        "pinky-finger-metacarpal", "pinky-finger-phalanx-proximal", "pinky-finger-phalanx-intermediate", "pinky-finger-phalanx-distal", "pinky-finger-tip",
    ];

    /// <summary>For each of the 16 MANO joints (<see cref="HandJoints.JointNames"/> order), the WebXR joint at its position.</summary>
    public static readonly string[] ManoJointSource =
    [
        "wrist",
        "index-finger-phalanx-proximal", "index-finger-phalanx-intermediate", "index-finger-phalanx-distal",
        "middle-finger-phalanx-proximal", "middle-finger-phalanx-intermediate", "middle-finger-phalanx-distal",
        "pinky-finger-phalanx-proximal", "pinky-finger-phalanx-intermediate", "pinky-finger-phalanx-distal",
        "ring-finger-phalanx-proximal", "ring-finger-phalanx-intermediate", "ring-finger-phalanx-distal",
        "thumb-metacarpal", "thumb-phalanx-proximal", "thumb-phalanx-distal",
    ];

    /// <summary>For each of the 5 tips (<see cref="HandJoints.TipNames"/> order: thumb, index, middle, ring, pinky), its WebXR joint.</summary>
    public static readonly string[] TipSource = ["thumb-tip", "index-finger-tip", "middle-finger-tip", "ring-finger-tip", "pinky-finger-tip"];

    /// <summary>For each tip, the MANO joint of its distal phalanx (thumb3, index3, middle3, ring3, pinky3).</summary>
    public static readonly int[] TipParent = [15, 3, 6, 12, 9];

    /// <summary>
    /// The MANO joint whose skin weight a WebXR joint's weight goes to: itself for the 16 sources, the wrist for the
    /// four finger metacarpals, the distal joint for a tip (the GLBs give tips no weight).
    /// </summary>
    public static int SkinTarget(string webXrName)
    {
        int j = Array.IndexOf(ManoJointSource, webXrName);
        if (j >= 0)
        {
            return j;
        }

        if (webXrName.EndsWith("-finger-metacarpal", StringComparison.Ordinal))
        {
            return 0;
        }

        int tip = Array.IndexOf(TipSource, webXrName);
        if (tip >= 0)
        {
            return TipParent[tip];
        }

        throw new ArgumentException($"'{webXrName}' is not a WebXR hand joint name", nameof(webXrName));
    }

    /// <summary>
    /// For each MANO joint, the joint at the far end of its bone: the next joint of the finger, or the finger's tip
    /// (as an index 16 + tip into [16 joints, 5 tips]); −1 for the wrist, whose "bone" is the palm.
    /// </summary>
    public static readonly int[] BoneEnd = [-1, 2, 3, 16 + 1, 5, 6, 16 + 2, 8, 9, 16 + 4, 11, 12, 16 + 3, 14, 15, 16 + 0];

    /// <summary>Finger of each MANO joint in tip order (0 thumb, 1 index, 2 middle, 3 ring, 4 pinky); −1 for the wrist.</summary>
    public static readonly int[] FingerOfJoint = [-1, 1, 1, 1, 2, 2, 2, 4, 4, 4, 3, 3, 3, 0, 0, 0];
}
