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
        }
    }

    private static void SetupTriangles(RenderTarget target, RenderMesh mesh, in Camera cam, CullMode cull)
    {
        var faces = mesh.Triangles;
        int faceCount = faces.Length / 3;
        target.TriangleCount = 0;
        target.EnsureTriangles(faceCount);
        var code = target.VertexCode;
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
            polygon[0] = Vertex(target, i0, 1, 0, 0);
            polygon[1] = Vertex(target, i1, 0, 1, 0);
            polygon[2] = Vertex(target, i2, 0, 0, 1);
            int n = 3;
            int clip = (c0 | c1 | c2) & ClipBits;
            if (clip != 0)
            {
                n = ClipPolygon(polygon, scratch, n, clip, target, cam);
            }
            if (n < 3)
            {
                continue;
            }
            var faceNormal = FaceNormal(mesh.Positions, i0, i1, i2);
            for (int k = 1; k + 1 < n; k++)
            {
                Emit(target, f, faceNormal, polygon[0], polygon[k], polygon[k + 1], cull);
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

    private static Vector3 FaceNormal(float[] p, int a, int b, int c)
    {
        var pa = new Vector3(p[3 * a], p[3 * a + 1], p[3 * a + 2]);
        var n = Vector3.Cross(new Vector3(p[3 * b], p[3 * b + 1], p[3 * b + 2]) - pa, new Vector3(p[3 * c], p[3 * c + 1], p[3 * c + 2]) - pa);
        float len = n.Length();
        return len > 0 ? n / len : Vector3.Zero;
    }

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

    private static void Emit(RenderTarget target, int face, Vector3 faceNormal, in ClipVertex a, in ClipVertex b, in ClipVertex c, CullMode cull)
    {
        float ua = a.Xh / a.W, va = a.Yh / a.W, ub = b.Xh / b.W, vb = b.Yh / b.W, uc = c.Xh / c.W, vc = c.Yh / c.W;
        int x0 = Fixed(ua), y0 = Fixed(va);
        int x1 = Fixed(ub), y1 = Fixed(vb);
        int x2 = Fixed(uc), y2 = Fixed(vc);
        long area = (long)(x1 - x0) * (y2 - y0) - (long)(y1 - y0) * (x2 - x0);
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
        ref readonly ClipVertex v1 = ref b, v2 = ref c;
        if (front)
        {
            // Wind every triangle one way so that the edge functions are positive inside.
            (x1, x2) = (x2, x1);
            (y1, y2) = (y2, y1);
            v1 = ref c;
            v2 = ref b;
            (ub, uc) = (uc, ub);
            (vb, vc) = (vc, vb);
            area = -area;
        }
        const int Half = ScreenTriangle.HalfPixel;
        int minX = Math.Max(0, CeilDiv(Math.Min(x0, Math.Min(x1, x2)) - Half));
        int maxX = Math.Min(target.SampleWidth - 1, (Math.Max(x0, Math.Max(x1, x2)) - Half) >> ScreenTriangle.SubPixelBits);
        int minY = Math.Max(0, CeilDiv(Math.Min(y0, Math.Min(y1, y2)) - Half));
        int maxY = Math.Min(target.SampleHeight - 1, (Math.Max(y0, Math.Max(y1, y2)) - Half) >> ScreenTriangle.SubPixelBits);
        if (minX > maxX || minY > maxY)
        {
            return; // no sample centre inside the bounds
        }
        target.EnsureTriangles(target.TriangleCount + 1);
        ref var st = ref target.Triangles[target.TriangleCount++];
        st.X0 = x0;
        st.Y0 = y0;
        st.X1 = x1;
        st.Y1 = y1;
        st.X2 = x2;
        st.Y2 = y2;
        st.MinX = minX;
        st.MaxX = maxX;
        st.MinY = minY;
        st.MaxY = maxY;
        // λ1 = ((p − v0) × e2) / (e1 × e2), λ2 = (e1 × (p − v0)) / (e1 × e2), in double about the first sample centre.
        double e1x = ub - ua, e1y = vb - va, e2x = uc - ua, e2y = vc - va;
        double den = e1x * e2y - e1y * e2x;
        if (den == 0)
        {
            target.TriangleCount--;
            return;
        }
        double ox = minX + 0.5 - ua, oy = minY + 0.5 - va;
        st.L1 = (float)((ox * e2y - oy * e2x) / den);
        st.L1dx = (float)(e2y / den);
        st.L1dy = (float)(-e2x / den);
        st.L2 = (float)((e1x * oy - e1y * ox) / den);
        st.L2dx = (float)(-e1y / den);
        st.L2dy = (float)(e1x / den);
        st.Bias0 = TopLeft(x2 - x1, y2 - y1) ? 0 : 1;
        st.Bias1 = TopLeft(x0 - x2, y0 - y2) ? 0 : 1;
        st.Bias2 = TopLeft(x1 - x0, y1 - y0) ? 0 : 1;
        st.InvW0 = 1f / a.W;
        st.InvW1 = 1f / v1.W;
        st.InvW2 = 1f / v2.W;
        st.DepthW0 = a.Depth * st.InvW0;
        st.DepthW1 = v1.Depth * st.InvW1;
        st.DepthW2 = v2.Depth * st.InvW2;
        st.Face = face;
        st.Bary0 = new Vector3(a.B0, a.B1, a.B2);
        st.Bary1 = new Vector3(v1.B0, v1.B1, v1.B2);
        st.Bary2 = new Vector3(v2.B0, v2.B1, v2.B2);
        st.FaceNormal = faceNormal;
    }

    /// <summary>
    /// Top-left rule for the positive winding on a y-down screen: a top edge runs exactly horizontally to the right,
    /// a left edge runs upwards. Samples exactly on such an edge belong to the triangle; on others they do not, so two
    /// triangles sharing an edge never both, and never neither, cover a sample on it.
    /// </summary>
    private static bool TopLeft(int dx, int dy) => dy < 0 || (dy == 0 && dx > 0);

    private static int Fixed(float pixels) => (int)MathF.Round(pixels * ScreenTriangle.SubPixel);

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
