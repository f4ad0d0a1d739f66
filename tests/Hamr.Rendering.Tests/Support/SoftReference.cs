namespace Hamr.Rendering.Tests.Support;

/// <summary>
/// The soft silhouette written plainly in double: every pixel against every face, p = sigmoid(±d²/σ), silhouette
/// 1 − Π(1 − p), with or without the kernel's culling of outside pairs whose p is below 1e-4.
/// </summary>
internal static class SoftReference
{
    public static double[] Render(double[] vertices, int batch, int[] faces, int width, int height, double sigma, bool cull)
    {
        int v = vertices.Length / (batch * 2);
        double cutRatio = Math.Log((1 - 1e-4) / 1e-4);
        var result = new double[batch * width * height];
        for (int b = 0; b < batch; b++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    double px = x + 0.5, py = y + 0.5, product = 1;
                    for (int f = 0; f < faces.Length; f += 3)
                    {
                        var a = Corner(vertices, b, v, faces[f]);
                        var bb = Corner(vertices, b, v, faces[f + 1]);
                        var c = Corner(vertices, b, v, faces[f + 2]);
                        double d2 = Math.Min(Segment2(a, bb, px, py), Math.Min(Segment2(bb, c, px, py), Segment2(c, a, px, py)));
                        bool inside = Scenes.StrictlyInside(px, py, a, bb, c);
                        if (cull && !inside && d2 / sigma > cutRatio)
                        {
                            continue;
                        }
                        double z = (inside ? d2 : -d2) / sigma;
                        product *= 1 - 1 / (1 + Math.Exp(-z));
                    }
                    result[(b * height + y) * width + x] = 1 - product;
                }
            }
        }
        return result;
    }

    private static (double X, double Y) Corner(double[] vertices, int b, int v, int i) =>
        (vertices[(b * v + i) * 2], vertices[(b * v + i) * 2 + 1]);

    private static double Segment2((double X, double Y) a, (double X, double Y) b, double px, double py)
    {
        double ex = b.X - a.X, ey = b.Y - a.Y, wx = px - a.X, wy = py - a.Y;
        double t = Math.Clamp((wx * ex + wy * ey) / (ex * ex + ey * ey), 0, 1);
        double dx = wx - t * ex, dy = wy - t * ey;
        return dx * dx + dy * dy;
    }
}
