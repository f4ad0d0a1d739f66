using System.Buffers;

namespace Hamr.Imaging.Codecs;

/// <summary>
/// One colour component of a frame: its sampling factors, its sample plane (whole MCUs, so every block of every
/// scan lands inside it), its coefficients in progressive mode, and the per-scan decoding state.
/// </summary>
internal sealed class JpegComponent
{
    public JpegComponent(int id, int index, int h, int v, int quantTableId)
    {
        Id = id;
        Index = index;
        H = h;
        V = v;
        QuantTableId = quantTableId;
    }

    public int Id { get; }

    /// <summary>Position in the frame header.</summary>
    public int Index { get; }

    /// <summary>Horizontal sampling factor (blocks per MCU across).</summary>
    public int H { get; }

    /// <summary>Vertical sampling factor.</summary>
    public int V { get; }

    public int QuantTableId { get; }

    /// <summary>Samples across that hold image data: ceil(width·H / Hmax) (A.1.1).</summary>
    public int Width { get; private set; }

    public int Height { get; private set; }

    /// <summary>Blocks across that hold image data; a non-interleaved scan codes exactly these.</summary>
    public int BlocksPerLine { get; private set; }

    public int BlocksPerColumn { get; private set; }

    /// <summary>Blocks across the MCU grid (an interleaved scan also codes the padding blocks).</summary>
    public int PlaneBlocksPerLine { get; private set; }

    public int PlaneBlocksPerColumn { get; private set; }

    /// <summary>Bytes per plane row.</summary>
    public int Stride => PlaneBlocksPerLine * 8;

    /// <summary>Decoded samples, <see cref="Stride"/> per row, allocated once the frame is known.</summary>
    public byte[] Plane { get; private set; } = [];

    /// <summary>Coefficients in natural order, 64 per block of the MCU grid (progressive frames only).</summary>
    public short[] Coefficients { get; private set; } = [];

    /// <summary>The quantisation table, in natural order, latched at the component's first scan (as libjpeg does).</summary>
    public ushort[]? Quant { get; set; }

    /// <summary>DC prediction (F.2.1.3.1), reset at each scan and restart.</summary>
    public int DcPredictor { get; set; }

    public JpegHuffmanTable? DcTable { get; set; }

    public JpegHuffmanTable? AcTable { get; set; }

    /// <summary>Fixes the component's geometry for a frame; allocates nothing.</summary>
    public void SetGeometry(int imageWidth, int imageHeight, int hMax, int vMax, int mcusPerLine, int mcusPerColumn)
    {
        Width = (int)(((long)imageWidth * H + hMax - 1) / hMax);
        Height = (int)(((long)imageHeight * V + vMax - 1) / vMax);
        BlocksPerLine = (Width + 7) / 8;
        BlocksPerColumn = (Height + 7) / 8;
        PlaneBlocksPerLine = mcusPerLine * H;
        PlaneBlocksPerColumn = mcusPerColumn * V;
    }

    /// <summary>Blocks in the MCU grid.</summary>
    public long PlaneBlockCount => (long)PlaneBlocksPerLine * PlaneBlocksPerColumn;

    /// <summary>
    /// Rents the plane (and, for progressive frames, zeroed coefficients) from the shared pool: decoding many
    /// images then reuses the same buffers instead of allocating large, zeroed arrays each time. Every plane
    /// sample that is read later is written first (by the IDCT or a fill), so the plane need not be cleared.
    /// </summary>
    public void Allocate(bool progressive)
    {
        int samples = checked((int)(PlaneBlockCount * 64));
        Plane = ArrayPool<byte>.Shared.Rent(samples);
        if (progressive)
        {
            Coefficients = ArrayPool<short>.Shared.Rent(samples);
            Coefficients.AsSpan(0, samples).Clear();
        }
    }

    /// <summary>Gives the buffers back to the pool; the component is unusable afterwards.</summary>
    public void Release()
    {
        if (Plane.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Plane);
            Plane = [];
        }

        if (Coefficients.Length > 0)
        {
            ArrayPool<short>.Shared.Return(Coefficients);
            Coefficients = [];
        }
    }
}
