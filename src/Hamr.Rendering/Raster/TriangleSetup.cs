using System.Numerics;

namespace Hamr.Rendering.Raster;

/// <summary>
/// Front end of the rasteriser: projects vertices to homogeneous screen space, rejects, clips (near plane and a
/// guard band far outside the image, so fixed-point coordinates cannot overflow), culls, winds and bounds each
/// triangle, then bins the screen triangles into row bands. Runs on one thread, in face order, so the triangle
/// order every band sees — and with it the result of depth ties — never depends on the thread count.
/// </summary>
internal static class TriangleSetup
{
    // Outcode bits: the first five are clip planes (distance functions below), Far only rejects.
    private const byte NearBit = 1, LeftBit = 2, RightBit = 4, TopBit = 8, BottomBit = 16, FarBit = 32;
    private const byte ClipBits = NearBit | LeftBit | RightBit | TopBit | BottomBit;

    /// <summary>Samples of guard band beyond each image side; keeps |u|·256 well inside int.</summary>
    private const float Guard = 1 << 18;

    /// <summary>Most vertices a triangle clipped by five planes can have.</summary>
    private const int MaxPolygon = 8;

    public static void Run(RenderTarget target, RenderMesh mesh, in Camera camera, CullMode cull)
    {
        ProjectVertices(target, mesh.Positions, camera);
        SetupTriangles(target, mesh, camera, cull);
        Bin(target);
    }

    private static void ProjectVertices(RenderTarget target, float[] positions, in Camera cam)
    {
        int count = positions.Length / 3;
        target.EnsureVertices(count);
        var xh = target.VertexXh;
        var yh = target.VertexYh;
        var w = target.VertexW;
        var depth = target.VertexDepth;
        var code = target.VertexCode;
        var corners = target.VertexCorners;
        bool pinhole = cam.Kind == CameraKind.Pinhole;
        float right = target.SampleWidth + Guard, bottom = target.SampleHeight + Guard;
        for (int i = 0; i < count; i++)
        {
            float x = positions[3 * i], y = positions[3 * i + 1], z = positions[3 * i + 2];
            float vw = pinhole ? z : 1f;
            float vx = pinhole ? cam.Fx * x + cam.Cx * z : cam.Fx * x + cam.Cx;
            float vy = pinhole ? cam.Fy * y + cam.Cy * z : cam.Fy * y + cam.Cy;
            xh[i] = vx;
            yh[i] = vy;
            w[i] = vw;
            depth[i] = z;
            int c = 0;
            if (pinhole)
            {
                c |= z < cam.Near ? NearBit : 0;
                c |= z > cam.Far ? FarBit : 0;
            }
            c |= vx < -Guard * vw ? LeftBit : 0;
            c |= vx > right * vw ? RightBit : 0;
            c |= vy < -Guard * vw ? TopBit : 0;
            c |= vy > bottom * vw ? BottomBit : 0;
            code[i] = (byte)c;
            if ((c & ClipBits) == 0)
            {
                // Unclipped faces (nearly all) take their corners from here: one division per vertex, not per corner.
                float invW = 1 / vw;
                float u = vx * invW, v = vy * invW;
                corners[i] = new Corner { U = u, V = v, InvW = invW, DepthW = z * invW, X = ScreenTriangle.ToFixed(u), Y = ScreenTriangle.ToFixed(v) };
            }
        }
    }

    private static void SetupTriangles(RenderTarget target, RenderMesh mesh, in Camera cam, CullMode cull)
    {
        var faces = mesh.Triangles;
        int faceCount = faces.Length / 3;
        target.TriangleCount = 0;
        target.EnsureTriangles(faceCount);
        var code = target.VertexCode;
        var corners = target.VertexCorners;
        Span<ClipVertex> polygon = stackalloc ClipVertex[MaxPolygon];
        Span<ClipVertex> scratch = stackalloc ClipVertex[MaxPolygon];
        for (int f = 0; f < faceCount; f++)
        {
            int i0 = faces[3 * f], i1 = faces[3 * f + 1], i2 = faces[3 * f + 2];
            int c0 = code[i0], c1 = code[i1], c2 = code[i2];
            if ((c0 & c1 & c2) != 0)
            {
                continue; // wholly outside one plane (or beyond far)
            }
            int clip = (c0 | c1 | c2) & ClipBits;
            if (clip == 0)
            {
                var a = corners[i0];
                var b = corners[i1];
                var c = corners[i2];
                a.Bary = Vector3.UnitX;
                b.Bary = Vector3.UnitY;
                c.Bary = Vector3.UnitZ;
                Emit(target, f, ref a, ref b, ref c, cull);
                continue;
            }
            polygon[0] = Vertex(target, i0, 1, 0, 0);
            polygon[1] = Vertex(target, i1, 0, 1, 0);
            polygon[2] = Vertex(target, i2, 0, 0, 1);
            int n = ClipPolygon(polygon, scratch, 3, clip, target, cam);
            if (n < 3)
            {
                continue;
            }
            var first = Corner.From(polygon[0]);
            for (int k = 1; k + 1 < n; k++)
            {
                var a = first;
                var b = Corner.From(polygon[k]);
                var c = Corner.From(polygon[k + 1]);
                Emit(target, f, ref a, ref b, ref c, cull);
            }
        }
    }

    private static ClipVertex Vertex(RenderTarget t, int i, float b0, float b1, float b2) => new()
    {
        Xh = t.VertexXh[i],
        Yh = t.VertexYh[i],
        W = t.VertexW[i],
        Depth = t.VertexDepth[i],
        B0 = b0,
        B1 = b1,
        B2 = b2,
    };

    /// <summary>Signed distance-like value of a vertex to clip plane <paramref name="bit"/>; inside is ≥ 0.</summary>
    private static float PlaneDistance(in ClipVertex v, int bit, RenderTarget t, in Camera cam) => bit switch
    {
        NearBit => v.Depth - cam.Near,
        LeftBit => v.Xh + Guard * v.W,
        RightBit => (t.SampleWidth + Guard) * v.W - v.Xh,
        TopBit => v.Yh + Guard * v.W,
        _ => (t.SampleHeight + Guard) * v.W - v.Yh,
    };

    /// <summary>Sutherland–Hodgman against each plane in <paramref name="planes"/>; returns the vertex count.</summary>
    private static int ClipPolygon(Span<ClipVertex> polygon, Span<ClipVertex> scratch, int n, int planes, RenderTarget t, in Camera cam)
    {
        // The near plane goes first: after it every vertex has W > 0, where the guard planes are meaningful.
        for (int bit = NearBit; bit <= BottomBit && n >= 3; bit <<= 1)
        {
            if ((planes & bit) == 0)
            {
                continue;
            }
            int m = 0;
            for (int i = 0; i < n; i++)
            {
                ref var a = ref polygon[i];
                ref var b = ref polygon[(i + 1) % n];
                float da = PlaneDistance(a, bit, t, cam), db = PlaneDistance(b, bit, t, cam);
                if (da >= 0)
                {
                    scratch[m++] = a;
                }
                if ((da >= 0) != (db >= 0))
                {
                    scratch[m++] = ClipVertex.Lerp(a, b, da / (da - db));
                }
            }
            scratch[..m].CopyTo(polygon);
            n = m;
        }
        return n;
    }

    private static void Emit(RenderTarget target, int face, ref Corner a, ref Corner b, ref Corner c, CullMode cull)
    {
        long area = (long)(b.X - a.X) * (c.Y - a.Y) - (long)(b.Y - a.Y) * (c.X - a.X);
        if (area == 0)
        {
            return;
        }
        // Counter-clockwise on the y-down screen (negative area here) is front-facing.
        bool front = area < 0;
        if ((cull == CullMode.Back && !front) || (cull == CullMode.Front && front))
        {
            return;
        }
        if (front)
        {
            // Wind every triangle one way so that the edge functions are positive inside.
            (b, c) = (c, b);
        }
        const int Half = ScreenTriangle.HalfPixel;
        int minX = Math.Max(0, CeilDiv(Math.Min(a.X, Math.Min(b.X, c.X)) - Half));
        int maxX = Math.Min(target.SampleWidth - 1, (Math.Max(a.X, Math.Max(b.X, c.X)) - Half) >> ScreenTriangle.SubPixelBits);
        int minY = Math.Max(0, CeilDiv(Math.Min(a.Y, Math.Min(b.Y, c.Y)) - Half));
        int maxY = Math.Min(target.SampleHeight - 1, (Math.Max(a.Y, Math.Max(b.Y, c.Y)) - Half) >> ScreenTriangle.SubPixelBits);
        if (minX > maxX || minY > maxY)
        {
            return; // no sample centre inside the bounds
        }
        // λ1 = ((p − v0) × e2) / (e1 × e2), λ2 = (e1 × (p − v0)) / (e1 × e2), in double about the first sample centre.
        double e1x = b.U - a.U, e1y = b.V - a.V, e2x = c.U - a.U, e2y = c.V - a.V;
        double den = e1x * e2y - e1y * e2x;
        if (den == 0)
        {
            return;
        }
        double inv = 1 / den;
        double ox = minX + 0.5 - a.U, oy = minY + 0.5 - a.V;
        target.EnsureTriangles(target.TriangleCount + 1);
        ref var st = ref target.Triangles[target.TriangleCount++];
        st.X0 = a.X;
        st.Y0 = a.Y;
        st.X1 = b.X;
        st.Y1 = b.Y;
        st.X2 = c.X;
        st.Y2 = c.Y;
        st.MinX = minX;
        st.MaxX = maxX;
        st.MinY = minY;
        st.MaxY = maxY;
        st.L1 = (float)((ox * e2y - oy * e2x) * inv);
        st.L1dx = (float)(e2y * inv);
        st.L1dy = (float)(-e2x * inv);
        st.L2 = (float)((e1x * oy - e1y * ox) * inv);
        st.L2dx = (float)(-e1y * inv);
        st.L2dy = (float)(e1x * inv);
        st.Bias0 = TopLeft(c.X - b.X, c.Y - b.Y) ? 0 : 1;
        st.Bias1 = TopLeft(a.X - c.X, a.Y - c.Y) ? 0 : 1;
        st.Bias2 = TopLeft(b.X - a.X, b.Y - a.Y) ? 0 : 1;
        st.InvW0 = a.InvW;
        st.InvW1 = b.InvW;
        st.InvW2 = c.InvW;
        st.DepthW0 = a.DepthW;
        st.DepthW1 = b.DepthW;
        st.DepthW2 = c.DepthW;
        st.Face = face;
        st.Bary0 = a.Bary;
        st.Bary1 = b.Bary;
        st.Bary2 = c.Bary;
    }

    /// <summary>
    /// Top-left rule for the positive winding on a y-down screen: a top edge runs exactly horizontally to the right,
    /// a left edge runs upwards. Samples exactly on such an edge belong to the triangle; on others they do not, so two
    /// triangles sharing an edge never both, and never neither, cover a sample on it.
    /// </summary>
    private static bool TopLeft(int dx, int dy) => dy < 0 || (dy == 0 && dx > 0);

    /// <summary>ceil(a / 256) for any sign.</summary>
    private static int CeilDiv(int a) => -((-a) >> ScreenTriangle.SubPixelBits);

    private static void Bin(RenderTarget target)
    {
        var start = target.BandStart;
        var fill = target.BandFill;
        int rows = target.BandSampleRows;
        Array.Clear(start);
        var tris = target.Triangles.AsSpan(0, target.TriangleCount);
        foreach (ref readonly var st in tris)
        {
            for (int b = st.MinY / rows; b <= st.MaxY / rows; b++)
            {
                start[b + 1]++;
            }
        }
        for (int b = 0; b < target.BandCount; b++)
        {
            start[b + 1] += start[b];
            fill[b] = start[b];
        }
        target.EnsureBandTriangles(start[target.BandCount]);
        var list = target.BandTriangles;
        for (int i = 0; i < tris.Length; i++)
        {
            for (int b = tris[i].MinY / rows; b <= tris[i].MaxY / rows; b++)
            {
                list[fill[b]++] = i;
            }
        }
    }
}
