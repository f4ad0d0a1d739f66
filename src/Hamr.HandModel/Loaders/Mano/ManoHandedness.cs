namespace Hamr.HandModel.Loaders.Mano;

/// <summary>Tells a left MANO model from a right one, by its geometry and by its file name.</summary>
public static class ManoHandedness
{
    /// <summary>
    /// Right when the rest wrist (joint 0, from the regressor) lies on the +x side of the mean of the other 15 rest
    /// joints, left when on the −x side, null when they coincide in x. MANO_RIGHT.pkl v1.2 has its rest wrist at
    /// about (0.0957, 0.0064, 0.0062) m and index1 at (0.0076, 0.0012, 0.0269) m, fingers toward −x; MANO_LEFT.pkl
    /// is its mirror in x (wrist at x ≈ −0.0957), the root offsets downstream code subtracts per hand.
    /// </summary>
    /// <param name="template">Rest vertices [V, 3].</param>
    /// <param name="jointRegressor">Joint regressor [16, V].</param>
    public static Handedness? FromGeometry(ReadOnlySpan<float> template, ReadOnlySpan<float> jointRegressor, int vertexCount)
    {
        double wristX = 0, othersX = 0;
        double extent = 0;
        for (int j = 0; j < HandModel.JointCount; j++)
        {
            double x = 0;
            for (int k = 0; k < vertexCount; k++)
            {
                x += (double)jointRegressor[(j * vertexCount) + k] * template[k * 3];
            }

            if (j == 0)
            {
                wristX = x;
            }
            else
            {
                othersX += x / (HandModel.JointCount - 1);
            }
        }

        for (int k = 0; k < vertexCount; k++)
        {
            extent = Math.Max(extent, Math.Abs(template[k * 3]));
        }

        double d = wristX - othersX;
        if (!double.IsFinite(d) || Math.Abs(d) <= 1e-6 * extent)
        {
            return null;
        }

        return d > 0 ? Handedness.Right : Handedness.Left;
    }

    /// <summary>Left or right when the file name (without folders) contains LEFT or RIGHT (either case) but not both.</summary>
    public static Handedness? FromFileName(string path)
    {
        string name = Path.GetFileNameWithoutExtension(path).ToUpperInvariant();
        bool left = name.Contains("LEFT", StringComparison.Ordinal);
        bool right = name.Contains("RIGHT", StringComparison.Ordinal);
        return left == right ? null : left ? Handedness.Left : Handedness.Right;
    }
}
