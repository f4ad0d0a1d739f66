namespace Hamr.Tensors.NN;

/// <summary>Argument checks shared by the convolution modules (Conv2d, ConvTranspose2d).</summary>
internal static class ConvArguments
{
    /// <summary>Throws unless groups is positive and divides both channel counts (message prefixed with the layer name).</summary>
    public static void CheckGroups(string layer, int inChannels, int outChannels, int groups)
    {
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentException($"{layer}: groups {groups} must divide in ({inChannels}) and out ({outChannels}) channels");
        }
    }
}
