using Hamr.Data.Datasets;
using Hamr.Imaging;

namespace Hamr.Data.Tests.Datasets;

public sealed class ContactSheetTests
{
    [Fact]
    public void Sheet_is_a_grid_of_the_tiles_with_keypoints_drawn_on_them()
    {
        var tiles = new List<(Image, float[], bool[])>();
        for (int i = 0; i < 5; i++)
        {
            var image = new Image(32, 32, 3);
            var keypoints = new float[42];
            for (int q = 0; q < 21; q++)
            {
                keypoints[2 * q] = 4 + q;
                keypoints[2 * q + 1] = 16;
            }
            tiles.Add((image, keypoints, Enumerable.Range(0, 21).Select(q => q % 2 == 0).ToArray()));
        }
        var sheet = ContactSheet.Draw(tiles, columns: 3);
        Assert.Equal(3 * 34 + 2, sheet.Width);
        Assert.Equal(2 * 34 + 2, sheet.Height);
        // Tile 0's black pixels away from the skeleton stay black; its row of keypoints is painted.
        Assert.Equal(0, sheet[2 + 2, 2 + 2, 0]);
        Assert.True(sheet[2 + 10, 2 + 16, 0] + sheet[2 + 10, 2 + 16, 1] + sheet[2 + 10, 2 + 16, 2] > 100);
        // The sixth cell is empty: gutter gray.
        Assert.Equal(64, sheet[2 * 34 + 10, 34 + 10, 0]);
        // The tiles themselves are not drawn on.
        Assert.All(tiles, t => Assert.All(t.Item1.Pixels, p => Assert.Equal(0, p)));
    }
}
