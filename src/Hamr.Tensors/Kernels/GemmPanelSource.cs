namespace Hamr.Tensors.Kernels;

/// <summary>
/// Where a GEMM's right operand comes from: packs panels of op(B) the way <see cref="GemmPack.PackBPanels"/>
/// does, so B need not exist as a matrix (implicit-GEMM convolution packs straight from the image).
/// </summary>
internal unsafe interface IGemmPanelSource
{
    /// <summary>
    /// Packs rows [p0, p0 + kcb) of op(B), columns [j, j + panels · nr), as <paramref name="panels"/> kcb × nr
    /// panels one after another (panel q at dst + q · kcb · nr, laid out [p][column]); columns past the end are 0.
    /// Called concurrently from several threads: scratch must be per thread.
    /// </summary>
    void Pack(int p0, int kcb, int j, int panels, int nr, float* dst);
}
