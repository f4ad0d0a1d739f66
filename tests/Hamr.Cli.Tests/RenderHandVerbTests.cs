using System.Numerics;
using Hamr.Cli.Verbs;
using Hamr.HandModel;
using Hamr.HandModel.OpenHand;
using Hamr.Imaging.Codecs;

namespace Hamr.Cli.Tests;

public sealed class RenderHandVerbTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hamr-render-hand-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_grid_of_the_named_poses_has_a_hand_in_each_of_its_seven_cells()
    {
        string path = Path.Combine(_folder, "poses.png");
        Assert.Equal(0, RenderHandVerb.Run(["--grid", "poses", "--size", "64", "--columns", "4", "--out", path]));
        var image = Png.Load(path);
        Assert.Equal((4 * 64, 2 * 64, 3), (image.Width, image.Height, image.Channels));
        for (int cell = 0; cell < 8; cell++)
        {
            int skin = 0;
            for (int y = 0; y < 64; y++)
            {
                for (int x = 0; x < 64; x++)
                {
                    // Skin: clearly redder than blue, unlike the grey background.
                    int px = cell % 4 * 64 + x, py = cell / 4 * 64 + y;
                    skin += image[px, py, 0] - image[px, py, 2] > 40 ? 1 : 0;
                }
            }
            Assert.True(cell < 7 ? skin > 200 : skin == 0, $"cell {cell}: {skin} skin pixels");
        }
    }

    [Theory]
    [InlineData(Handedness.Right, "palm", true)]
    [InlineData(Handedness.Right, "back", false)]
    [InlineData(Handedness.Left, "palm", false)]
    [InlineData(Handedness.Left, "back", true)]
    public void Views_are_rotations_with_the_fingers_up_and_the_thumb_on_the_expected_side(Handedness side, string viewName, bool thumbOnTheRight)
    {
        var view = Enum.Parse<HandView>(viewName, ignoreCase: true);
        var rotation = HandPicture.ViewRotation(view, side);
        Assert.Equal(1f, rotation.GetDeterminant(), 5);
        var model = OpenHandModel.Load(side);
        var layer = new HandLayer(model);
        var output = layer.CreateOutput(1);
        layer.Forward([], new float[48], [], output);
        Vector3 At(int k) => Vector3.Transform(new Vector3(output.Keypoints[3 * k], output.Keypoints[3 * k + 1], output.Keypoints[3 * k + 2]), rotation);
        Assert.True(At(12).Y < At(0).Y - 0.1f, "middle tip above the wrist (camera y points down)");
        Assert.Equal(thumbOnTheRight, At(4).X > At(20).X);
        // Palm views see the palm: the palm normal (out of the palm) points back at the camera (−z).
        var palmOut = Vector3.Cross(At(5) - At(0), At(17) - At(0)) * (side == Handedness.Left ? -1 : 1);
        Assert.Equal(view == HandView.Palm, palmOut.Z < 0);
    }

    [Theory]
    [InlineData("--grid", "poses")]                        // no --out
    [InlineData("--pose", "wave", "--out", "x.png")]
    [InlineData("--size", "8", "--out", "x.png")]
    [InlineData("--beta", "1,2,3,4,5,6,7,8,9,10,11", "--out", "x.png")]
    [InlineData("--beta", "1,nan", "--out", "x.png")]
    [InlineData("--view", "top", "--out", "x.png")]
    [InlineData("--side", "middle", "--out", "x.png")]
    [InlineData("--grid", "everything", "--out", "x.png")]
    [InlineData("--count")]
    [InlineData("--frobnicate", "--out", "x.png")]
    public void Bad_options_are_a_usage_error_not_a_crash(params string[] args)
    {
        Assert.Equal(2, RenderHandVerb.Run(args));
        Assert.False(File.Exists("x.png"));
    }
}
