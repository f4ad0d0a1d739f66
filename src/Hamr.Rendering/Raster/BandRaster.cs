namespace Hamr.Rendering.Raster;

/// <summary>
/// Scan conversion of one row band: every binned triangle is walked over its bounding box with exact integer edge
/// functions (top-left fill rule), depth-tested per sample, and the winner's perspective-correct barycentric
/// coordinates stored for deferred shading. Triangles come in face order and ties keep the earlier one.
/// </summary>
internal static class BandRaster
{
    public static void Run(RenderTarget t, int band, float clearDepth)
    {
        int rowStart = band * t.BandSampleRows;
        int rowEnd = Math.Min(t.SampleHeight, rowStart + t.BandSampleRows);
        int width = t.SampleWidth;
        var depth = t.SampleDepth.AsSpan(rowStart * width, (rowEnd - rowStart) * width);
        depth.Fill(clearDepth);
        t.SampleTriangle.AsSpan(rowStart * width, (rowEnd - rowStart) * width).Fill(-1);
        var list = t.BandTriangles.AsSpan(t.BandStart[band], t.BandStart[band + 1] - t.BandStart[band]);
        foreach (int index in list)
        {
            Scan(t, index, rowStart, rowEnd);
        }
    }

    private static void Scan(RenderTarget t, int index, int rowStart, int rowEnd)
    {
        ref readonly var st = ref t.Triangles[index];
        int y0 = Math.Max(st.MinY, rowStart), y1 = Math.Min(st.MaxY, rowEnd - 1);
        const int Step = ScreenTriangle.SubPixel;
        // E_ab(p) = (bx − ax)(py − ay) − (by − ay)(px − ax): edge 0 is v1→v2, 1 is v2→v0, 2 is v0→v1.
        long dx0 = -(long)(st.Y2 - st.Y1) * Step, dy0 = (long)(st.X2 - st.X1) * Step;
        long dx1 = -(long)(st.Y0 - st.Y2) * Step, dy1 = (long)(st.X0 - st.X2) * Step;
        long dx2 = -(long)(st.Y1 - st.Y0) * Step, dy2 = (long)(st.X1 - st.X0) * Step;
        long px = (long)st.MinX * Step + ScreenTriangle.HalfPixel;
        long py = (long)y0 * Step + ScreenTriangle.HalfPixel;
        long row0 = (long)(st.X2 - st.X1) * (py - st.Y1) - (long)(st.Y2 - st.Y1) * (px - st.X1) - st.Bias0;
        long row1 = (long)(st.X0 - st.X2) * (py - st.Y2) - (long)(st.Y0 - st.Y2) * (px - st.X2) - st.Bias1;
        long row2 = (long)(st.X1 - st.X0) * (py - st.Y0) - (long)(st.Y1 - st.Y0) * (px - st.X0) - st.Bias2;
        float iw0 = st.InvW0, iw1 = st.InvW1, iw2 = st.InvW2;
        float dw0 = st.DepthW0, dw1 = st.DepthW1, dw2 = st.DepthW2;
        int width = t.SampleWidth;
        var depth = t.SampleDepth;
        var tri = t.SampleTriangle;
        var b1 = t.SampleB1;
        var b2 = t.SampleB2;
        for (int y = y0; y <= y1; y++, row0 += dy0, row1 += dy1, row2 += dy2)
        {
            long e0 = row0, e1 = row1, e2 = row2;
            int rowBase = y * width;
            float rowL1 = st.L1 + st.L1dy * (y - st.MinY), rowL2 = st.L2 + st.L2dy * (y - st.MinY);
            for (int x = st.MinX; x <= st.MaxX; x++, e0 += dx0, e1 += dx1, e2 += dx2)
            {
                if ((e0 | e1 | e2) < 0)
                {
                    continue;
                }
                float l1 = rowL1 + st.L1dx * (x - st.MinX), l2 = rowL2 + st.L2dx * (x - st.MinX), l0 = 1 - l1 - l2;
                float iw = l0 * iw0 + l1 * iw1 + l2 * iw2;
                float r = 1f / iw;
                float z = (l0 * dw0 + l1 * dw1 + l2 * dw2) * r;
                int s = rowBase + x;
                if (z < depth[s])
                {
                    depth[s] = z;
                    tri[s] = index;
                    b1[s] = l1 * iw1 * r;
                    b2[s] = l2 * iw2 * r;
                }
            }
        }
    }
}
