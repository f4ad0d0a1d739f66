namespace Hamr.Data.Synthetic;

/// <summary>
/// Lattice value noise in 2D and 3D: random values on the integer grid (a hash of the cell and a seed), blended
/// with smoothstep weights. Cheap, seamless, and a pure function of its inputs, so textures made from it are the same
/// on every run and thread.
/// </summary>
internal static class ValueNoise
{
    /// <summary>A value in [0, 1) for lattice point (x, y, z) and <paramref name="seed"/>.</summary>
    public static float Lattice(int x, int y, int z, uint seed)
    {
        uint h = seed ^ ((uint)x * 0x8DA6B343u) ^ ((uint)y * 0xD8163841u) ^ ((uint)z * 0xCB1AB31Fu);
        h ^= h >> 15;
        h *= 0x2C1B3C6Du;
        h ^= h >> 12;
        h *= 0x297A2D39u;
        h ^= h >> 15;
        return (h >> 8) * (1f / 16777216f);
    }

    /// <summary>Smooth noise in [0, 1) at a 3D point (lattice spacing 1).</summary>
    public static float Noise3(float x, float y, float z, uint seed)
    {
        float fx = MathF.Floor(x), fy = MathF.Floor(y), fz = MathF.Floor(z);
        int ix = (int)fx, iy = (int)fy, iz = (int)fz;
        float tx = Smooth(x - fx), ty = Smooth(y - fy), tz = Smooth(z - fz);
        float c000 = Lattice(ix, iy, iz, seed), c100 = Lattice(ix + 1, iy, iz, seed);
        float c010 = Lattice(ix, iy + 1, iz, seed), c110 = Lattice(ix + 1, iy + 1, iz, seed);
        float c001 = Lattice(ix, iy, iz + 1, seed), c101 = Lattice(ix + 1, iy, iz + 1, seed);
        float c011 = Lattice(ix, iy + 1, iz + 1, seed), c111 = Lattice(ix + 1, iy + 1, iz + 1, seed);
        float a = Lerp(Lerp(c000, c100, tx), Lerp(c010, c110, tx), ty);
        float b = Lerp(Lerp(c001, c101, tx), Lerp(c011, c111, tx), ty);
        return Lerp(a, b, tz);
    }

    /// <summary>Fractal sum of <paramref name="octaves"/> octaves (each twice the frequency, half the weight), in [0, 1).</summary>
    public static float Fractal3(float x, float y, float z, int octaves, uint seed)
    {
        float sum = 0, weight = 1, total = 0;
        for (int o = 0; o < octaves; o++)
        {
            sum += weight * Noise3(x, y, z, seed + (uint)o * 0x9E3779B9u);
            total += weight;
            weight *= 0.5f;
            x *= 2;
            y *= 2;
            z *= 2;
        }
        return sum / total;
    }

    /// <summary>
    /// Adds <paramref name="amplitude"/>·(noise − 0.5) of one octave of 2D value noise with <paramref name="cells"/>
    /// lattice cells across the image to a float plane [height, width], row by row (lattice values looked up once per
    /// cell corner, so the cost per pixel is a few multiply-adds).
    /// </summary>
    public static void AddOctave(Span<float> plane, int width, int height, float cells, float amplitude, uint seed, float offsetX, float offsetY)
    {
        float scale = cells / MathF.Max(width, height);
        for (int y = 0; y < height; y++)
        {
            float py = (y + 0.5f) * scale + offsetY;
            float fy = MathF.Floor(py);
            int iy = (int)fy;
            float ty = Smooth(py - fy);
            var row = plane.Slice(y * width, width);
            int cellX = int.MinValue;
            float top0 = 0, top1 = 0, bottom0 = 0, bottom1 = 0;
            for (int x = 0; x < width; x++)
            {
                float px = (x + 0.5f) * scale + offsetX;
                float fx = MathF.Floor(px);
                int ix = (int)fx;
                if (ix != cellX)
                {
                    cellX = ix;
                    top0 = Lattice(ix, iy, 0, seed);
                    top1 = Lattice(ix + 1, iy, 0, seed);
                    bottom0 = Lattice(ix, iy + 1, 0, seed);
                    bottom1 = Lattice(ix + 1, iy + 1, 0, seed);
                }
                float tx = Smooth(px - fx);
                float v = Lerp(Lerp(top0, top1, tx), Lerp(bottom0, bottom1, tx), ty);
                row[x] += amplitude * (v - 0.5f);
            }
        }
    }

    private static float Smooth(float t) => t * t * (3 - 2 * t);

    private static float Lerp(float a, float b, float t) => a + (b - a) * t;
}
