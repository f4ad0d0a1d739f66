using System.Diagnostics;
using System.Numerics;
using Hamr.Imaging;
using Hamr.Imaging.Transforms;
using Hamr.Tensors.Kernels;

namespace Hamr.Benchmarks;

/// <summary>
/// Image transforms at the pipeline's sizes (`warp` verb): a rotated, scaled 256×256 hand crop out of a 640×480 RGB
/// frame (<see cref="ImageTransforms.WarpAffine(Image, Affine2, Image, Border)"/>), a 256→128 area resize and a
/// σ = 1.5 blur of the 256 crop, into preallocated images; µs per call (median of chunks) and bytes allocated.
/// bench/imaging/run.sh runs OpenCV's cv2.warpAffine / cv2.resize(INTER_AREA) / cv2.GaussianBlur on the same
/// sizes in another process and prints the ratios. Options: --threads T (default 2), --calls N (per chunk, 200), --chunks N (15).
/// </summary>
internal static class WarpBench
{
    public static int Run(string[] args)
    {
        int threads = BenchOptions.Int(args, "--threads", 2);
        int calls = BenchOptions.Int(args, "--calls", 200);
        int chunks = BenchOptions.Int(args, "--chunks", 15);
        ParallelFor.MaxDegree = threads;

        var frame = new Image(640, 480, 3);
        new Random(1).NextBytes(frame.Pixels);
        var crop = new Image(256, 256, 3);
        var half = new Image(128, 128, 3);
        var blurred = new Image(256, 256, 3);
        var box = new CropBox(new Vector2(333.3f, 251.7f), 300, 0.5f);
        Affine2 toCrop = box.SourceToCrop(256);

        Report("warp_crop", threads, calls, chunks, () => ImageTransforms.WarpAffine(frame, toCrop, crop, Border.Replicate));
        if (args.Contains("--variants"))
        {
            Report("warp_crop_const", threads, calls, chunks, () => ImageTransforms.WarpAffine(frame, toCrop, crop, Border.Zero));
            var shift = Affine2.Translation(-100.3, -50.6);
            Report("warp_shift", threads, calls, chunks, () => ImageTransforms.WarpAffine(frame, shift, crop, Border.Zero));
            var crop4 = new Image(256, 256, 4);
            var frame4 = new Image(640, 480, 4);
            Report("warp_crop_rgba", threads, calls, chunks, () => ImageTransforms.WarpAffine(frame4, toCrop, crop4, Border.Zero));
        }
        Report("resize_area", threads, calls, chunks, () => ImageTransforms.Resize(crop, half));
        Report("blur", threads, calls / 4, chunks, () => ImageTransforms.GaussianBlur(crop, blurred, 1.5));
        return 0;
    }

    private static void Report(string name, int threads, int calls, int chunks, Action call)
    {
        for (int i = 0; i < calls; i++)
        {
            call();
        }
        var perCall = new double[chunks];
        var cpuPerCall = new double[chunks];
        using var process = Process.GetCurrentProcess();
        long bytes0 = GC.GetAllocatedBytesForCurrentThread();
        for (int c = 0; c < chunks; c++)
        {
            process.Refresh();
            TimeSpan cpu0 = process.TotalProcessorTime;
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++)
            {
                call();
            }
            perCall[c] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds / calls;
            process.Refresh();
            cpuPerCall[c] = (process.TotalProcessorTime - cpu0).TotalMicroseconds / calls;
        }
        long bytes = (GC.GetAllocatedBytesForCurrentThread() - bytes0) / ((long)calls * chunks);
        Array.Sort(perCall);
        Array.Sort(cpuPerCall);
        // CPU µs (all threads, spinning helpers included) is steadier than wall time on a shared machine.
        Console.WriteLine($"hamr {name} threads={threads} us_per_call={perCall[chunks / 2]:F1} best_us={perCall[0]:F1} cpu_us_per_call={cpuPerCall[chunks / 2]:F1} alloc_bytes_per_call={bytes}");
    }
}
