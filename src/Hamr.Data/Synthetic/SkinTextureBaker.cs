using System.Numerics;
using Hamr.HandModel;
using Hamr.Imaging;

namespace Hamr.Data.Synthetic;

/// <summary>
/// Bakes a skin albedo texture in the model's UV space for one tone bucket: every texel inside a UV triangle is
/// mapped back to its rest-pose surface point (position and normal), and the colour is computed there in 3D, so the
/// pattern runs across UV seams without a break. Ingredients: dorsal and palmar tones, low-frequency mottling and
/// redness, fine grain, palm-side flexion creases at the finger joints, darker dorsal knuckles, and fingernails.
/// Texels outside every triangle are filled from their neighbours so bilinear lookups at seams do not pick up black.
/// </summary>
internal static class SkinTextureBaker
{
    // Keypoints (project order) of each finger from the knuckle out: thumb CMC..tip, index MCP..tip, …
    private static readonly int[][] s_fingers = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16], [17, 18, 19, 20]];

    /// <summary>
    /// Bakes bucket <paramref name="bucket"/>'s texture; the 3×3 texels around <paramref name="whiteTexel"/> (an unused
    /// spot, see <see cref="FreeTexel"/>) are painted white, so a UV there times a vertex colour gives that colour.
    /// </summary>
    public static Image Bake(UvLayout uv, HandRestGeometry rest, int bucket, int size, uint seed, (int X, int Y) whiteTexel)
    {
        var image = new Image(size, size, 3);
        var filled = new bool[size * size];
        var dorsal = SkinTones.Dorsal(bucket);
        var palm = SkinTones.Palm(bucket);
        var nail = SkinTones.Nail(bucket);
        float darkness = 1 - SkinTones.Luma(dorsal) / SkinTones.Luma(SkinTones.Dorsal(0));
        var faces = uv.UvFaces;
        for (int f = 0; f < faces.Length; f += 3)
        {
            int a = faces[f], b = faces[f + 1], c = faces[f + 2];
            var ta = new Vector2(uv.Uvs[2 * a], uv.Uvs[2 * a + 1]) * size;
            var tb = new Vector2(uv.Uvs[2 * b], uv.Uvs[2 * b + 1]) * size;
            var tc = new Vector2(uv.Uvs[2 * c], uv.Uvs[2 * c + 1]) * size;
            float area = Cross(tb - ta, tc - ta);
            if (MathF.Abs(area) < 1e-9f)
            {
                continue;
            }
            int x0 = Math.Max(0, (int)MathF.Floor(MathF.Min(ta.X, MathF.Min(tb.X, tc.X)))), x1 = Math.Min(size - 1, (int)MathF.Ceiling(MathF.Max(ta.X, MathF.Max(tb.X, tc.X))));
            int y0 = Math.Max(0, (int)MathF.Floor(MathF.Min(ta.Y, MathF.Min(tb.Y, tc.Y)))), y1 = Math.Min(size - 1, (int)MathF.Ceiling(MathF.Max(ta.Y, MathF.Max(tb.Y, tc.Y))));
            int va = uv.UvToVertex[a], vb = uv.UvToVertex[b], vc = uv.UvToVertex[c];
            for (int y = y0; y <= y1; y++)
            {
                for (int x = x0; x <= x1; x++)
                {
                    var p = new Vector2(x + 0.5f, y + 0.5f);
                    float wa = Cross(tb - p, tc - p) / area, wb = Cross(tc - p, ta - p) / area, wc = 1 - wa - wb;
                    if (wa < -1e-4f || wb < -1e-4f || wc < -1e-4f)
                    {
                        continue;
                    }
                    var position = wa * Get(rest.Positions, va) + wb * Get(rest.Positions, vb) + wc * Get(rest.Positions, vc);
                    var normal = Vector3.Normalize(wa * Get(rest.Normals, va) + wb * Get(rest.Normals, vb) + wc * Get(rest.Normals, vc));
                    var colour = Shade(position, normal, rest, dorsal, palm, nail, darkness, seed);
                    int o = (y * size + x) * 3;
                    image.Pixels[o] = ToByte(colour.X);
                    image.Pixels[o + 1] = ToByte(colour.Y);
                    image.Pixels[o + 2] = ToByte(colour.Z);
                    filled[y * size + x] = true;
                }
            }
        }
        Dilate(image, filled, passes: 4, Vector3.Lerp(dorsal, palm, 0.5f));
        for (int y = whiteTexel.Y - 1; y <= whiteTexel.Y + 1; y++)
        {
            image.Pixels.AsSpan((y * size + whiteTexel.X - 1) * 3, 9).Fill(255);
        }
        return image;
    }

    /// <summary>The first texel (row by row) whose 9×9 neighbourhood no UV triangle touches.</summary>
    public static (int X, int Y) FreeTexel(UvLayout uv, int size)
    {
        var covered = new bool[size * size];
        var faces = uv.UvFaces;
        for (int f = 0; f < faces.Length; f += 3)
        {
            float x0 = float.MaxValue, x1 = float.MinValue, y0 = float.MaxValue, y1 = float.MinValue;
            for (int k = 0; k < 3; k++)
            {
                int i = faces[f + k];
                x0 = MathF.Min(x0, uv.Uvs[2 * i] * size);
                x1 = MathF.Max(x1, uv.Uvs[2 * i] * size);
                y0 = MathF.Min(y0, uv.Uvs[2 * i + 1] * size);
                y1 = MathF.Max(y1, uv.Uvs[2 * i + 1] * size);
            }
            // The triangle's bounding box: conservative, which is all a free spot needs.
            for (int y = Math.Max(0, (int)y0 - 1); y <= Math.Min(size - 1, (int)y1 + 1); y++)
            {
                for (int x = Math.Max(0, (int)x0 - 1); x <= Math.Min(size - 1, (int)x1 + 1); x++)
                {
                    covered[y * size + x] = true;
                }
            }
        }
        for (int y = 4; y < size - 4; y++)
        {
            for (int x = 4; x < size - 4; x++)
            {
                bool free = true;
                for (int dy = -4; dy <= 4 && free; dy++)
                {
                    for (int dx = -4; dx <= 4 && free; dx++)
                    {
                        free = !covered[(y + dy) * size + x + dx];
                    }
                }
                if (free)
                {
                    return (x, y);
                }
            }
        }
        throw new InvalidOperationException($"the UV layout leaves no free 9×9 texel block in a {size}² texture for the sleeve colour");
    }

    private static Vector3 Shade(Vector3 p, Vector3 n, HandRestGeometry rest, Vector3 dorsal, Vector3 palm, Vector3 nail, float darkness, uint seed)
    {
        float palmness = SmoothStep(-0.05f, 0.45f, Vector3.Dot(n, rest.PalmNormal));
        var colour = Vector3.Lerp(dorsal, palm, palmness);

        // Mottling (features of about a centimetre), redness patches, and a fine grain.
        float mottle = ValueNoise.Fractal3(p.X / 0.012f, p.Y / 0.012f, p.Z / 0.012f, 3, seed);
        float red = ValueNoise.Noise3(p.X / 0.025f, p.Y / 0.025f, p.Z / 0.025f, seed + 17);
        float grain = ValueNoise.Noise3(p.X / 0.0012f, p.Y / 0.0012f, p.Z / 0.0012f, seed + 29);
        colour *= 1 + 0.16f * (mottle - 0.5f) + 0.06f * (grain - 0.5f);
        colour *= new Vector3(1 + 0.10f * (red - 0.5f), 1 - 0.02f * (red - 0.5f), 1 - 0.08f * (red - 0.5f));

        for (int finger = 0; finger < s_fingers.Length; finger++)
        {
            var chain = s_fingers[finger];
            for (int k = 1; k < chain.Length - 1; k++)
            {
                // Joint k of the chain (MCP/PIP/DIP; the thumb's MCP/IP), bent about the bone's direction.
                var joint = rest.Keypoint(chain[k]);
                var along = Vector3.Normalize(rest.Keypoint(chain[k + 1]) - rest.Keypoint(chain[k - 1]));
                var d = p - joint;
                float t = Vector3.Dot(d, along);
                float radial = (d - t * along).Length();
                if (radial > 0.013f)
                {
                    continue;
                }
                // Palm side: one or two thin flexion creases across the joint.
                float crease = MathF.Exp(-(t * t) / (0.0007f * 0.0007f)) + 0.6f * MathF.Exp(-((t - 0.002f) * (t - 0.002f)) / (0.0005f * 0.0005f));
                colour *= 1 - 0.22f * palmness * MathF.Min(1, crease);
                // Back of the hand: knuckles a little darker, more so for darker skin.
                float knuckle = MathF.Exp(-d.LengthSquared() / (0.006f * 0.006f));
                colour *= 1 - (0.05f + 0.12f * darkness) * (1 - palmness) * knuckle;
            }

            // Fingernail: the last ~12 mm behind the tip, on the back of the finger, near its axis.
            var tip = rest.Keypoint(chain[^1]);
            var dir = Vector3.Normalize(tip - rest.Keypoint(chain[^2]));
            var dt = p - tip;
            float s = Vector3.Dot(dt, dir);
            float lateral = (dt - s * dir).Length();
            float back = finger == 0 ? Vector3.Dot(n, Vector3.Normalize(Vector3.Cross(dir, rest.PalmNormal))) : -Vector3.Dot(n, rest.PalmNormal);
            float nailWeight = SmoothStep(-0.013f, -0.010f, s) * SmoothStep(0.0085f, 0.006f, lateral) * SmoothStep(0.35f, 0.6f, MathF.Abs(back) * (finger == 0 ? 1 : MathF.Sign(back)));
            if (nailWeight > 0)
            {
                var nailColour = s > -0.0025f ? Vector3.Lerp(nail, Vector3.One * 0.93f, 0.5f) : nail;
                colour = Vector3.Lerp(colour, nailColour * (1 + 0.05f * (grain - 0.5f)), nailWeight);
            }
        }
        return colour;
    }

    /// <summary>Fills unset texels with the mean of their set 8-neighbours, <paramref name="passes"/> times, then the rest with a fallback.</summary>
    private static void Dilate(Image image, bool[] filled, int passes, Vector3 fallback)
    {
        int size = image.Width;
        var next = (bool[])filled.Clone();
        for (int pass = 0; pass < passes; pass++)
        {
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    if (filled[y * size + x])
                    {
                        continue;
                    }
                    Vector3 sum = Vector3.Zero;
                    int count = 0;
                    for (int dy = -1; dy <= 1; dy++)
                    {
                        for (int dx = -1; dx <= 1; dx++)
                        {
                            int xx = x + dx, yy = y + dy;
                            if ((uint)xx < (uint)size && (uint)yy < (uint)size && filled[yy * size + xx])
                            {
                                int q = (yy * size + xx) * 3;
                                sum += new Vector3(image.Pixels[q], image.Pixels[q + 1], image.Pixels[q + 2]);
                                count++;
                            }
                        }
                    }
                    if (count > 0)
                    {
                        int o = (y * size + x) * 3;
                        sum /= count;
                        image.Pixels[o] = (byte)(sum.X + 0.5f);
                        image.Pixels[o + 1] = (byte)(sum.Y + 0.5f);
                        image.Pixels[o + 2] = (byte)(sum.Z + 0.5f);
                        next[y * size + x] = true;
                    }
                }
            }
            next.CopyTo(filled, 0);
        }
        for (int i = 0; i < filled.Length; i++)
        {
            if (!filled[i])
            {
                image.Pixels[3 * i] = ToByte(fallback.X);
                image.Pixels[3 * i + 1] = ToByte(fallback.Y);
                image.Pixels[3 * i + 2] = ToByte(fallback.Z);
            }
        }
    }

    private static Vector3 Get(float[] values, int vertex) => new(values[3 * vertex], values[3 * vertex + 1], values[3 * vertex + 2]);

    private static float Cross(Vector2 a, Vector2 b) => a.X * b.Y - a.Y * b.X;

    private static float SmoothStep(float edge0, float edge1, float x)
    {
        float t = Math.Clamp((x - edge0) / (edge1 - edge0), 0f, 1f);
        return t * t * (3 - 2 * t);
    }

    private static byte ToByte(float v) => (byte)(Math.Clamp(v, 0f, 1f) * 255f + 0.5f);
}
