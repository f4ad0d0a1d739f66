using System.Numerics;
using Hamr.Imaging;

namespace Hamr.Rendering.Tests.Support;

/// <summary>Small scenes and exact references for the rasteriser tests.</summary>
internal static class Scenes
{
    /// <summary>Weak-perspective camera with 1 px per metre: camera-space X, Y are pixel coordinates.</summary>
    public static Camera PixelCamera => Camera.WeakPerspective(1, 0, 0);

    /// <summary>A mesh of the given triangles, corners (x, y) in pixels at depth z.</summary>
    public static RenderMesh Triangles(float z, params (float X, float Y)[][] triangles)
    {
        var positions = new List<float>();
        var indices = new List<int>();
        foreach (var tri in triangles)
        {
            foreach (var (x, y) in tri)
            {
                indices.Add(positions.Count / 3);
                positions.AddRange([x, y, z]);
            }
        }
        return new RenderMesh(positions.ToArray(), indices.ToArray());
    }

    /// <summary>Whether (px, py) lies strictly inside triangle abc (either winding), in double.</summary>
    public static bool StrictlyInside(double px, double py, (double X, double Y) a, (double X, double Y) b, (double X, double Y) c)
    {
        double e0 = Cross(a, b, px, py), e1 = Cross(b, c, px, py), e2 = Cross(c, a, px, py);
        return (e0 > 0 && e1 > 0 && e2 > 0) || (e0 < 0 && e1 < 0 && e2 < 0);
    }

    /// <summary>Smallest distance from (px, py) to the lines through the triangle's edges (to skip ambiguous pixels).</summary>
    public static double EdgeDistance(double px, double py, (double X, double Y) a, (double X, double Y) b, (double X, double Y) c) =>
        Math.Min(LineDistance(a, b, px, py), Math.Min(LineDistance(b, c, px, py), LineDistance(c, a, px, py)));

    /// <summary>Options for an unlit, unculled, single-threaded render.</summary>
    public static RenderOptions Unlit(bool parallel = false) => new() { Parallel = parallel };

    /// <summary>A checkerboard of cells×cells squares, each cellPixels wide: (i + j) even is white, odd is black.</summary>
    public static Image Checker(int cells, int cellPixels)
    {
        int n = cells * cellPixels;
        var image = new Image(n, n, 3);
        for (int y = 0; y < n; y++)
        {
            for (int x = 0; x < n; x++)
            {
                byte v = ((x / cellPixels + y / cellPixels) & 1) == 0 ? (byte)255 : (byte)0;
                image[x, y, 0] = v;
                image[x, y, 1] = v;
                image[x, y, 2] = v;
            }
        }
        return image;
    }

    /// <summary>Ray through pixel centre (u, v) of a pinhole camera, as a direction with Z = 1.</summary>
    public static Vector3 Ray(Camera camera, double u, double v) =>
        new((float)((u - camera.Cx) / camera.Fx), (float)((v - camera.Cy) / camera.Fy), 1);

    private static double Cross((double X, double Y) a, (double X, double Y) b, double px, double py) =>
        (b.X - a.X) * (py - a.Y) - (b.Y - a.Y) * (px - a.X);

    private static double LineDistance((double X, double Y) a, (double X, double Y) b, double px, double py) =>
        Math.Abs(Cross(a, b, px, py)) / Math.Sqrt((b.X - a.X) * (b.X - a.X) + (b.Y - a.Y) * (b.Y - a.Y));
}
