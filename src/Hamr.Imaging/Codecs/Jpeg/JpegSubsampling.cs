namespace Hamr.Imaging.Codecs;

/// <summary>Chroma subsampling of an encoded colour JPEG (luma is always full resolution).</summary>
public enum JpegSubsampling
{
    /// <summary>4:4:4: chroma at full resolution.</summary>
    Yuv444,

    /// <summary>4:2:2: chroma halved horizontally.</summary>
    Yuv422,

    /// <summary>4:2:0: chroma halved both ways (the usual choice for photos).</summary>
    Yuv420,
}
