using Hamr.Imaging;
using Hamr.Imaging.Codecs;

namespace Hamr.Data.Datasets;

/// <summary>
/// Reads a hand dataset folder: <c>annotations.json</c> (header and per-sample ground truth, see
/// <see cref="HandAnnotation"/>) and the PNG images and masks it names (<c>images/000000.png</c>,
/// <c>masks/000000.png</c>, …). Missing or malformed files raise a <see cref="HandDatasetFormatException"/> naming the file.
/// </summary>
public sealed class HandDatasetFolder
{
    private HandDatasetFolder(string directory, HandDatasetHeader header, HandAnnotation[] samples)
    {
        Directory = directory;
        Header = header;
        Samples = samples;
    }

    public string Directory { get; }

    public HandDatasetHeader Header { get; }

    public IReadOnlyList<HandAnnotation> Samples { get; }

    public int Count => Samples.Count;

    /// <summary>Opens <paramref name="directory"/> and reads its annotations (images are read on demand).</summary>
    public static HandDatasetFolder Open(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new HandDatasetFormatException(directory, "dataset folder does not exist");
        }
        var (header, samples) = HandDatasetJson.Read(Path.Combine(directory, HandDatasetJson.FileName));
        return new HandDatasetFolder(directory, header, samples);
    }

    /// <summary>The RGB image of sample <paramref name="i"/> (Size×Size×3).</summary>
    public Image LoadImage(int i)
    {
        var image = Load(Samples[i].ImageFile);
        Check(image, 3, Samples[i].ImageFile);
        return image;
    }

    /// <summary>The 8-bit coverage mask of sample <paramref name="i"/> (Size×Size×1).</summary>
    public Image LoadMask(int i)
    {
        var mask = Load(Samples[i].MaskFile);
        Check(mask, 1, Samples[i].MaskFile);
        return mask;
    }

    private Image Load(string relative)
    {
        string path = Path.Combine(Directory, relative);
        try
        {
            return Png.Load(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new HandDatasetFormatException(path, "missing: named by annotations.json but not in the folder", e);
        }
        catch (ImageFormatException e)
        {
            throw new HandDatasetFormatException(path, $"not a valid PNG: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new HandDatasetFormatException(path, $"cannot be read: {e.Message}", e);
        }
    }

    private void Check(Image image, int channels, string relative)
    {
        if (image.Width != Header.Size || image.Height != Header.Size || image.Channels != channels)
        {
            throw new HandDatasetFormatException(Path.Combine(Directory, relative), $"is {image.Width}×{image.Height}×{image.Channels}, the dataset's samples are {Header.Size}×{Header.Size}×{channels}");
        }
    }
}
