using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Hamr.Imaging;
using Hamr.Imaging.Codecs;

namespace Hamr.Benchmarks;

/// <summary>
/// `jpeg`: microseconds per decode of one JPEG (default: a synthetic photo-like 256×256 colour image that our encoder
/// writes at quality 90, 4:2:0), our <see cref="Jpeg.Decode"/> or, with --turbo, libjpeg-turbo's tjDecompress2
/// (P/Invoke into libturbojpeg.so.0, apt-get install libturbojpeg0; benchmark only) with the same defaults as djpeg
/// (accurate integer IDCT, fancy upsampling, RGB out). bench/jpeg.sh runs the two in separate processes, alternating.
/// Options: --file F (decode F instead), --turbo, --alloc (with --turbo: a new output array per decode, as
/// Jpeg.Decode must allocate one), --reps N (decodes per timed chunk, default 500), --chunks N (9).
/// Prints wall and CPU µs per decode (medians over chunks); CPU time is the steadier figure on a busy machine.
/// </summary>
/// <remarks>
/// Results, bench/jpeg.sh ROUNDS=3, 2-core AMD EPYC (Zen 5) VM, 2026-11-22, load ~11, CPU µs per decode
/// (hamr / turbo with a new output array / hamr with the output in gen0 / turbo into a reused buffer):
///   synthetic 256×256 q90 4:2:0 (14 KB)   814 / 770 / 189 / 157   (gen0 vs reused 1.20×)
///   eval photo 00044.jpg (22.6 KB)        908 / 874 / 216 / 187   (1.15×)
/// At load ~6: gen0 167 vs 149 (1.12×) and 189 vs 176 (1.07×). The first two columns are dominated by the fresh
/// 196 KB output array (large-object heap pages, re-faulted after each gen2 GC); DOTNET_GCLOHThreshold=0x100000
/// keeps it in gen0. Profile of the gen0 run: entropy decoding ~20 %, IDCT ~20 %, colour conversion ~13 %,
/// upsampling ~10 %. A 1280×720 progressive photo: with its 2.7 MB output in gen0 (DOTNET_GCLOHThreshold=0x400000)
/// 2.9–3.1 ms vs libjpeg-turbo 2.6 ms into a reused buffer; with a new LOH array each, ~9.5 vs ~6.2 ms (load ~11). Allocation per decode: the output image plus ~18 KB (tables, row buffers);
/// planes and coefficients come from the shared array pool.
/// </remarks>
internal static class JpegBench
{
    public static int Run(string[] args)
    {
        bool turbo = args.Contains("--turbo");
        bool alloc = args.Contains("--alloc");
        int reps = BenchOptions.Int(args, "--reps", 500);
        int chunks = BenchOptions.Int(args, "--chunks", 9);
        int fileIndex = Array.IndexOf(args, "--file");
        byte[] jpeg = fileIndex >= 0 ? File.ReadAllBytes(args[fileIndex + 1]) : Jpeg.Encode(SyntheticPhoto(256, 256, seed: 7), 90, JpegSubsampling.Yuv420);
        var reference = Jpeg.Decode(jpeg, applyExifOrientation: false);
        string label = fileIndex >= 0 ? Path.GetFileName(args[fileIndex + 1]) : "synthetic";

        Action decode;
        if (turbo)
        {
            var decoder = new TurboDecoder(jpeg);
            int diff = MaxDiff(decoder.Decode(), reference.Pixels);
            Console.WriteLine($"# libjpeg-turbo vs ours on this file: max difference {diff}");
            int outputBytes = reference.Width * reference.Height * 3;
            decode = alloc ? () => decoder.Decode(GC.AllocateUninitializedArray<byte>(outputBytes)) : () => decoder.Decode();
        }
        else
        {
            decode = () => Jpeg.Decode(jpeg, applyExifOrientation: false);
        }

        for (int i = 0; i < reps; i++)
        {
            decode(); // warm-up (the bench runs without tiered compilation, so this is caches and the allocator)
        }

        long allocated0 = GC.GetAllocatedBytesForCurrentThread();
        decode();
        long allocatedPerDecode = GC.GetAllocatedBytesForCurrentThread() - allocated0;
        var wall = new double[chunks];
        var cpu = new double[chunks];
        var process = Process.GetCurrentProcess();
        for (int c = 0; c < chunks; c++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < reps; i++)
            {
                decode();
            }

            wall[c] = sw.Elapsed.TotalMicroseconds / reps;
            process.Refresh();
            cpu[c] = (process.TotalProcessorTime - cpu0).TotalMicroseconds / reps;
        }

        Array.Sort(wall);
        Array.Sort(cpu);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"decoder={(turbo ? (alloc ? "libjpeg-turbo-alloc" : "libjpeg-turbo") : "hamr")} file={label} size={reference.Width}x{reference.Height} bytes={jpeg.Length} wall_us={wall[chunks / 2]:F1} cpu_us={cpu[chunks / 2]:F1} best_wall_us={wall[0]:F1} alloc_bytes={allocatedPerDecode}"));
        return 0;
    }

    /// <summary>Smooth gradients, soft-edged shapes and mild noise: compresses like a photo (≈20 KB at q90).</summary>
    internal static Image SyntheticPhoto(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new Image(width, height, 3);
        var discs = Enumerable.Range(0, 12).Select(_ => (X: random.NextDouble() * width, Y: random.NextDouble() * height,
            R: 8 + (random.NextDouble() * 40), Colour: new[] { random.Next(256), random.Next(256), random.Next(256) })).ToArray();
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double[] rgb = [90 + (120.0 * x / width), 60 + (140.0 * y / height), 150 + (60 * Math.Sin(x / 17.0) * Math.Cos(y / 23.0))];
                foreach (var d in discs)
                {
                    double edge = Math.Clamp(d.R - Math.Sqrt(((x - d.X) * (x - d.X)) + ((y - d.Y) * (y - d.Y))), 0, 1.5) / 1.5;
                    for (int c = 0; c < 3; c++)
                    {
                        rgb[c] += edge * (d.Colour[c] - rgb[c]);
                    }
                }

                for (int c = 0; c < 3; c++)
                {
                    double noise = (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 8;
                    image[x, y, c] = (byte)Math.Clamp(Math.Round(rgb[c] + noise), 0, 255);
                }
            }
        }

        return image;
    }

    private static int MaxDiff(byte[] a, byte[] b)
    {
        int max = 0;
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return a.Length == b.Length ? max : int.MaxValue;
    }

    /// <summary>libjpeg-turbo's TurboJPEG API, decoding one in-memory JPEG to packed RGB into a reused buffer.</summary>
    private sealed unsafe class TurboDecoder
    {
        private const string Library = "libturbojpeg.so.0";
        private const int PixelFormatRgb = 0; // TJPF_RGB
        private readonly nint _handle;
        private readonly byte[] _jpeg;
        private readonly byte[] _pixels;
        private readonly int _width, _height;

        public TurboDecoder(byte[] jpeg)
        {
            _jpeg = jpeg;
            _handle = tjInitDecompress();
            fixed (byte* source = jpeg)
            {
                if (tjDecompressHeader3(_handle, source, (nuint)jpeg.Length, out _width, out _height, out _, out _) != 0)
                {
                    throw new InvalidOperationException("tjDecompressHeader3 failed");
                }
            }

            _pixels = new byte[_width * _height * 3];
        }

        public byte[] Decode() => Decode(_pixels);

        /// <summary>Decodes into <paramref name="pixels"/> (width · height · 3 bytes).</summary>
        public byte[] Decode(byte[] pixels)
        {
            fixed (byte* source = _jpeg)
            fixed (byte* target = pixels)
            {
                if (tjDecompress2(_handle, source, (nuint)_jpeg.Length, target, _width, _width * 3, _height, PixelFormatRgb, 0) != 0)
                {
                    throw new InvalidOperationException("tjDecompress2 failed");
                }
            }

            return pixels;
        }

        [DllImport(Library)]
        private static extern nint tjInitDecompress();

        [DllImport(Library)]
        private static extern int tjDecompressHeader3(nint handle, byte* jpegBuf, nuint jpegSize, out int width, out int height, out int subsamp, out int colorspace);

        [DllImport(Library)]
        private static extern int tjDecompress2(nint handle, byte* jpegBuf, nuint jpegSize, byte* dstBuf, int width, int pitch, int height, int pixelFormat, int flags);
    }
}
