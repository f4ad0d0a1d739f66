namespace Hamr.Tensors.Kernels;

/// <summary>
/// One convolution problem in the forward (conv) direction: input [N, C, H, W] → output [N, O, OutH, OutW],
/// weight [O, C/groups, kh, kw]. Conv-transpose uses the same shape with input and output swapped.
/// </summary>
internal readonly struct ConvShape
{
    public readonly int N, C, H, W, O, Groups, OutH, OutW;
    public readonly ConvWindow Window;

    public ConvShape(int n, int c, int h, int w, int o, int groups, int outH, int outW, ConvWindow window)
    {
        N = n;
        C = c;
        H = h;
        W = w;
        O = o;
        Groups = groups;
        OutH = outH;
        OutW = outW;
        Window = window;
    }

    /// <summary>Input channels per group.</summary>
    public int Cg => C / Groups;

    /// <summary>Output channels per group.</summary>
    public int Og => O / Groups;

    /// <summary>Rows of one group's patch matrix (and columns of its weight matrix): Cg·kh·kw.</summary>
    public int PatchRows => Cg * Window.Taps;

    public int InPlane => H * W;

    public int OutPlane => OutH * OutW;

    /// <summary>Multiply-adds of one image's forward pass (for parallel chunking).</summary>
    public long MacsPerImage => (long)O * PatchRows * OutPlane;

    /// <summary>True when no patch matrix is needed: the group's input planes are the patch matrix.</summary>
    public bool IsPointwise => Window.IsPointwise && OutH == H && OutW == W;
}
