namespace Hamr.Imaging;

/// <summary>
/// Per-channel normalisation of 8-bit samples for a network: value = (sample / 255 − mean[c]) / std[c]. One mean
/// and std apply to every channel; otherwise there is one per channel.
/// </summary>
public sealed class ImageNormalization
{
    /// <summary>ImageNet RGB mean (torchvision's constants).</summary>
    public const float ImageNetMeanR = 0.485f, ImageNetMeanG = 0.456f, ImageNetMeanB = 0.406f;

    /// <summary>ImageNet RGB standard deviation (torchvision's constants).</summary>
    public const float ImageNetStdR = 0.229f, ImageNetStdG = 0.224f, ImageNetStdB = 0.225f;

    private readonly float[] mean;
    private readonly float[] std;

    public ImageNormalization(ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        if (mean.Length != std.Length || mean.Length is < 1 or > 4)
        {
            throw new ArgumentException($"mean ({mean.Length} values) and std ({std.Length} values) need the same count, 1..4");
        }

        foreach (float s in std)
        {
            if (!(s > 0) || float.IsInfinity(s))
            {
                throw new ArgumentOutOfRangeException(nameof(std), s, "every std must be positive and finite");
            }
        }

        this.mean = mean.ToArray();
        this.std = std.ToArray();
    }

    /// <summary>sample / 255: values in [0, 1].</summary>
    public static ImageNormalization Unit { get; } = new([0f], [1f]);

    /// <summary>ImageNet statistics for RGB images (the usual input of ImageNet-pretrained backbones).</summary>
    public static ImageNormalization ImageNet { get; } =
        new([ImageNetMeanR, ImageNetMeanG, ImageNetMeanB], [ImageNetStdR, ImageNetStdG, ImageNetStdB]);

    public ReadOnlySpan<float> Mean => mean;

    public ReadOnlySpan<float> Std => std;

    /// <summary>Mean and std for channel <paramref name="c"/> of an image with <paramref name="channels"/> channels.</summary>
    internal (float Mean, float Std) For(int c, int channels)
    {
        if (mean.Length == 1)
        {
            return (mean[0], std[0]);
        }

        if (mean.Length != channels)
        {
            throw new ArgumentException($"normalisation has {mean.Length} channels, image has {channels}");
        }

        return (mean[c], std[c]);
    }
}
