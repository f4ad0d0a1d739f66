namespace Hamr.HandModel.OpenHand;

/// <summary>
/// Plain-float evaluation of a model's shape (no pose; the layer does that): shaped vertices, the 16 joints and 5
/// tips regressed from them, and the hand length used to describe sizes (wrist joint to middle fingertip).
/// </summary>
internal static class HandModelMeasures
{
    /// <summary>Template + ShapeDirs · β: [V, 3].</summary>
    public static float[] ShapedVertices(HandModel model, ReadOnlySpan<float> beta)
    {
        int s = model.ShapeCount;
        var result = (float[])model.TemplateVertices.Clone();
        for (int i = 0; i < result.Length; i++)
        {
            double sum = result[i];
            for (int k = 0; k < Math.Min(s, beta.Length); k++)
            {
                sum += model.ShapeDirs[(i * s) + k] * (double)beta[k];
            }

            result[i] = (float)sum;
        }

        return result;
    }

    /// <summary>[21, 3]: the 16 joints (joint regressor) then the 5 tips (tip regressor) of the given vertices.</summary>
    public static double[] Keypoints(HandModel model, float[] vertices)
    {
        int v = model.VertexCount;
        var result = new double[(HandModel.JointCount + HandModel.TipCount) * 3];
        for (int q = 0; q < HandModel.JointCount + HandModel.TipCount; q++)
        {
            var row = q < HandModel.JointCount
                ? model.JointRegressor.AsSpan(q * v, v)
                : model.TipRegressor.AsSpan((q - HandModel.JointCount) * v, v);
            for (int i = 0; i < v; i++)
            {
                if (row[i] != 0)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        result[(q * 3) + c] += row[i] * (double)vertices[(i * 3) + c];
                    }
                }
            }
        }

        return result;
    }

    public static double[] RestKeypoints(HandModel model) => Keypoints(model, model.TemplateVertices);

    /// <summary>Distance from the wrist joint to the middle fingertip (tip 2) at shape β, metres.</summary>
    public static double HandLength(HandModel model, ReadOnlySpan<float> beta)
    {
        var k = Keypoints(model, ShapedVertices(model, beta));
        int tip = (HandModel.JointCount + 2) * 3;
        double dx = k[tip] - k[0], dy = k[tip + 1] - k[1], dz = k[tip + 2] - k[2];
        return Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
    }
}
