namespace Hamr.Tensors.Tests.Review;

/// <summary>
/// The op table behind <see cref="ViewInvarianceTests"/>: every op family, with input shapes and, where the op needs
/// them, input values from a restricted range.
/// </summary>
public static class ViewInvarianceCases
{
    /// <summary>One op: input shapes, the op, and the value range of its inputs.</summary>
    public sealed record OpCase(string Name, int[][] Shapes, Func<Tensor[], Tensor> F, float Low = -1f, float High = 1f)
    {
        public override string ToString() => Name;
    }

    private static readonly int[] S3 = [2, 3, 5];
    private static readonly int[] S4 = [2, 3, 5, 6];

    private static OpCase U(string name, Func<Tensor, Tensor> f, float low = -1f, float high = 1f) =>
        new(name, [S3], x => f(x[0]), low, high);

    private static OpCase B(string name, int[] a, int[] b, Func<Tensor, Tensor, Tensor> f, float low = -1f, float high = 1f) =>
        new(name, [a, b], x => f(x[0], x[1]), low, high);

    public static IReadOnlyList<OpCase> All { get; } =
    [
        U("Exp", x => x.Exp()),
        U("Log", x => x.Log(), 0.5f, 2f),
        U("Sqrt", x => x.Sqrt(), 0.5f, 2f),
        U("Rsqrt", x => x.Rsqrt(), 0.5f, 2f),
        U("Reciprocal", x => x.Reciprocal(), 0.5f, 2f),
        U("Square", x => x.Square()),
        U("Abs", x => x.Abs()),
        U("Pow3", x => x.Pow(3f)),
        U("Pow2.5", x => x.Pow(2.5f), 0.5f, 2f),
        U("Clamp", x => x.Clamp(-0.5f, 0.5f)),
        U("Neg", x => -x),
        U("Relu", x => x.Relu()),
        U("Relu6", x => (x * 8f).Relu6()),
        U("LeakyRelu", x => x.LeakyRelu(0.1f)),
        U("Sigmoid", x => x.Sigmoid()),
        U("Tanh", x => x.Tanh()),
        U("Silu", x => x.Silu()),
        U("HardSigmoid", x => (x * 4f).HardSigmoid()),
        U("HardSwish", x => (x * 4f).HardSwish()),
        U("Softplus", x => x.Softplus(2f)),
        U("Elu", x => x.Elu(0.7f)),
        U("Gelu", x => x.Gelu()),
        U("Softmax-1", x => x.Softmax(-1)),
        U("Softmax1", x => x.Softmax(1)),
        U("LogSoftmax0", x => x.LogSoftmax(0)),
        U("SumAll", x => x.Sum()),
        U("Sum1", x => x.Sum(1)),
        U("Sum02Keep", x => x.Sum([0, 2], keepDims: true)),
        U("Mean-1", x => x.Mean(-1)),
        U("MaxAll", x => x.Max()),
        U("Max1", x => x.Max(1)),
        U("MinKeep", x => x.Min(-1, keepDims: true)),
        U("MaxWithIndex", x => x.MaxWithIndex(0).Values),
        U("Norm", x => x.Norm(-1)),
        U("Normalize", x => x.Normalize(1)),
        U("PadConstant", x => x.Pad([1, 2, 0, 1], PadMode.Constant, 0.5f)),
        U("PadReflect", x => x.Pad([2, 1, 1, 1], PadMode.Reflect)),
        U("PadReplicate", x => x.Pad([2, 3], PadMode.Replicate)),
        U("IndexSelect", x => x.IndexSelect(1, [2, 0, 2])),
        U("Gather", x => x.Gather(2, [4, 0, 1, 1, 3, 2, 0, 0, 4, 1, 2, 3], 2, 2, 3)),
        U("Clone", x => x.Clone()),
        U("Contiguous", x => x.Contiguous() * 1f),
        U("Reshape", x => x.Reshape(-1, 6) * 1f),
        U("Flatten", x => x.Flatten(1) * 1f),
        U("Select", x => x.Select(1, 2) * 1f),
        U("Slice", x => x.Slice(2, 1, 2, 2) * 1f),
        U("Unsqueeze", x => x.Unsqueeze(1) * 1f),
        U("Permute", x => x.Permute(2, 0, 1) * 1f),
        U("Expand", x => x.Unsqueeze(0).Expand(2, 2, 3, 5) * 1f),
        U("Split", x => Tensor.Concat(x.Split([2, 3], 2).Reverse().ToArray(), 2)),
        U("Chunk", x => Tensor.Concat(x.Chunk(2, 1).Reverse().ToArray(), 1)),
        U("Dropout", x => x.Dropout(0.3f, true, new TensorRandom(5))),
        U("Dropout2d", x => x.Dropout2d(0.5f, true, new TensorRandom(5))),
        U("Det3x3", x => x.Slice(2, 0, 3).Slice(1, 0, 3).Det3x3()),
        U("Rodrigues", x => Tensor.Rodrigues(x.Slice(2, 0, 3) * 2f)),
        U("SoftArgmax2d", x => x.SoftArgmax2d(2f)),
        U("IntegralArgmax2d", x => x.IntegralArgmax2d(), 0.5f, 2f),
        B("Add", S3, S3, (a, b) => a + b),
        B("AddBroadcast", S3, [3, 1], (a, b) => a + b),
        B("Sub", S3, [3, 5], (a, b) => a - b),
        B("Mul", S3, [2, 1, 5], (a, b) => a * b),
        B("Div", S3, S3, (a, b) => a / b, 0.5f, 2f),
        B("PowTensor", S3, [3, 5], Tensor.Pow, 0.5f, 2f),
        B("Where", S3, S3, (a, b) => Tensor.Where(a.Greater(0f), a, b)),
        B("MatMul3x2", S3, [5, 4], Tensor.MatMul),
        B("MatMul3x3", S3, [2, 5, 4], Tensor.MatMul),
        B("MatMulBatchBroadcast", [3, 5], [2, 5, 4], Tensor.MatMul),
        B("LinearNoBias", S3, [4, 5], (x, w) => Tensor.Linear(x, w)),
        new("Linear", [S3, [4, 5], [4]], x => Tensor.Linear(x[0], x[1], x[2])),
        B("Concat", S3, [2, 2, 5], (a, b) => Tensor.Concat([a, b], 1)),
        B("Stack", S3, S3, (a, b) => Tensor.Stack([a, b], 2)),
        B("MseLoss", S3, S3, (a, b) => Tensor.MseLoss(a, b)),
        B("L1LossNone", S3, [3, 5], (a, b) => Tensor.L1Loss(a, b, Reduction.None)),
        B("SmoothL1", S3, S3, (a, b) => Tensor.SmoothL1Loss(a, b, Reduction.Sum, 0.5f)),
        B("Huber", S3, S3, (a, b) => Tensor.HuberLoss(a, b, Reduction.None, 0.5f)),
        new("BceWithLogits", [S3, S3, [5]], x => Tensor.BinaryCrossEntropyWithLogits(x[0] * 3f, x[1], x[2], Reduction.None), 0.1f, 0.9f),
        B("Prelu", S3, [3], (x, w) => x.Prelu(w)),
        B("ScatterAdd", S3, [2, 2, 5], (x, s) => x.ScatterAdd(1, [0, 2, 1, 0, 2, 2, 1, 1, 0, 0, 2, 1, 0, 1, 2, 2, 2, 0, 1, 1], [2, 2, 5], s)),
        B("Cross", [5, 3], [5, 3], Tensor.Cross),
        B("MakeRigid4x4", [2, 3, 3], [2, 3], Tensor.MakeRigid4x4),
        B("TransformPoints", [2, 4, 4], [2, 5, 3], (t, p) => Tensor.TransformPoints(t.Unsqueeze(1), p)),
        U("InverseRigid4x4", x => x.Pad([0, 1, 0, 1]).Slice(1, 0, 4).Slice(2, 0, 4).InverseRigid4x4()),
        new("Inverse3x3", [[2, 3, 3]], x => (x[0] + Eye3() * 3f).Inverse3x3()),
        new("MaxPool2d", [S4], x => x[0].MaxPool2d(2)),
        new("MaxPool2dPadded", [S4], x => x[0].MaxPool2d(3, 2, 1, 1, true)),
        new("AvgPool2d", [S4], x => x[0].AvgPool2d(3, 2, 1, false, false)),
        new("AdaptiveAvgPool2d", [S4], x => x[0].AdaptiveAvgPool2d(2, 4)),
        new("GlobalAvgPool2d", [S4], x => x[0].GlobalAvgPool2d()),
        new("UpsampleNearest", [S4], x => x[0].UpsampleNearest2d(7, 9)),
        new("UpsampleBilinear", [S4], x => x[0].UpsampleBilinear2d(7, 11, false)),
        new("UpsampleBilinearAligned", [S4], x => x[0].UpsampleBilinear2d(4, 9, true)),
        new("BatchNormTrain", [S4, [3], [3]], x => Tensor.BatchNorm(x[0], null, null, x[1], x[2], training: true)),
        new("BatchNormEval", [S4, [3], [3]], x => Tensor.BatchNorm(x[0], Tensor.Full(0.1f, 3), Tensor.Full(2f, 3), x[1], x[2], training: false)),
    ];

    private static Tensor Eye3()
    {
        var e = Tensor.Zeros(3, 3);
        for (int i = 0; i < 3; i++)
        {
            e[i, i] = 1f;
        }
        return e;
    }
}
