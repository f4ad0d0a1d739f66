namespace Hamr.Tensors.Tests.Review;

/// <summary>Bad axes and mismatched shapes throw ArgumentException-family errors, never index or null errors.</summary>
public sealed class ArgumentValidationTests
{
    public static TheoryData<string> Cases() => new(Calls.Keys);

    private static readonly Dictionary<string, Action> Calls = new()
    {
        ["AddMismatch"] = () => _ = Tensor.Zeros(2, 3) + Tensor.Zeros(4),
        ["MatMulChain"] = () => Tensor.MatMul(Tensor.Zeros(2, 3), Tensor.Zeros(4, 3)),
        ["MatMulScalar"] = () => Tensor.MatMul(Tensor.Scalar(1), Tensor.Zeros(4, 3)),
        ["SumAxis"] = () => Tensor.Zeros(2, 3).Sum(2),
        ["SumRank0Axis"] = () => Tensor.Scalar(1).Sum(0),
        ["MeanAxis"] = () => Tensor.Zeros(2, 3).Mean(-3),
        ["SoftmaxAxis"] = () => Tensor.Zeros(2, 3).Softmax(5),
        ["PermuteRepeat"] = () => Tensor.Zeros(2, 3).Permute(0, 0),
        ["PermuteCount"] = () => Tensor.Zeros(2, 3).Permute(0),
        ["Reshape"] = () => Tensor.Zeros(2, 3).Reshape(4),
        ["ReshapeTwoInferred"] = () => Tensor.Zeros(2, 3).Reshape(-1, -1),
        ["ReshapeNegative"] = () => Tensor.Zeros(2, 3).Reshape(-2, -3),
        ["Expand"] = () => Tensor.Zeros(2, 3).Expand(3, 3),
        ["ExpandFewerAxes"] = () => Tensor.Zeros(2, 3).Expand(3),
        ["Slice"] = () => Tensor.Zeros(2, 3).Slice(1, 2, 2),
        ["SliceStep"] = () => Tensor.Zeros(2, 3).Slice(1, 0, 1, 0),
        ["Select"] = () => Tensor.Zeros(2, 3).Select(0, 5),
        ["ConcatRank"] = () => Tensor.Concat([Tensor.Zeros(2, 3), Tensor.Zeros(2)], 0),
        ["ConcatEmpty"] = () => Tensor.Concat([], 0),
        ["StackShapes"] = () => Tensor.Stack([Tensor.Zeros(2, 3), Tensor.Zeros(3, 2)], 0),
        ["SplitSizes"] = () => Tensor.Zeros(2, 3).Split([1, 1], 1),
        ["ChunkAxis"] = () => Tensor.Zeros(2, 3).Chunk(2, 3),
        ["MaxAxis"] = () => Tensor.Zeros(2, 3).Max(7),
        ["MaxEmpty"] = () => Tensor.Zeros(0, 3).Max(0),
        ["ArgMaxAxis"] = () => Tensor.Zeros(2, 3).ArgMax(-3),
        ["MaxPoolRank"] = () => Tensor.Zeros(2, 3).MaxPool2d(2),
        ["AvgPoolRank"] = () => Tensor.Zeros(2, 3).AvgPool2d(2),
        ["MaxPoolTooBig"] = () => Tensor.Zeros(1, 1, 2, 2).MaxPool2d(3),
        ["AdaptiveRank"] = () => Tensor.Zeros(2, 3).AdaptiveAvgPool2d(2),
        ["UpsampleRank"] = () => Tensor.Zeros(2, 3).UpsampleNearest2d(4, 4),
        ["PreluWeight"] = () => Tensor.Zeros(2, 3).Prelu(Tensor.Zeros(2)),
        ["MseShapes"] = () => Tensor.MseLoss(Tensor.Zeros(2, 3), Tensor.Zeros(3, 2)),
        ["BceShapes"] = () => Tensor.BinaryCrossEntropyWithLogits(Tensor.Zeros(2, 3), Tensor.Zeros(3, 2)),
        ["Det3x3Shape"] = () => Tensor.Zeros(2, 2).Det3x3(),
        ["Inverse3x3Shape"] = () => Tensor.Zeros(3).Inverse3x3(),
        ["InverseRigidShape"] = () => Tensor.Zeros(3, 3).InverseRigid4x4(),
        ["GatherIndexShape"] = () => Tensor.Zeros(2, 3).Gather(1, [0, 1], 2),
        ["IndexSelectAxis"] = () => Tensor.Zeros(2, 3).IndexSelect(2, [0]),
        ["ScatterAddSource"] = () => Tensor.Zeros(2, 3).ScatterAdd(1, [0, 1], [1, 2], Tensor.Zeros(3)),
        ["SoftArgmaxRank"] = () => Tensor.Zeros(2).SoftArgmax2d(),
        ["NormAxis"] = () => Tensor.Zeros(2, 3).Norm(4),
        ["NormalizeAxis"] = () => Tensor.Zeros(2, 3).Normalize(-4),
        ["FlattenAxis"] = () => Tensor.Zeros(2, 3).Flatten(3),
        ["SqueezeAxis"] = () => Tensor.Zeros(2, 3).Squeeze(3),
        ["UnsqueezeAxis"] = () => Tensor.Zeros(2, 3).Unsqueeze(4),
        ["PadTooMany"] = () => Tensor.Zeros(2, 3).Pad([1, 1, 1, 1, 1, 1]),
        ["PadOdd"] = () => Tensor.Zeros(2, 3).Pad([1]),
        ["PadReflectTooBig"] = () => Tensor.Zeros(2, 3).Pad([3, 3], PadMode.Reflect),
        ["BatchNormRank"] = () => Tensor.BatchNorm(Tensor.Zeros(2), null, null, null, null, true),
        ["BatchNormWeight"] = () => Tensor.BatchNorm(Tensor.Zeros(2, 3), null, null, Tensor.Zeros(2), null, true),
        ["BatchNormEvalNoStats"] = () => Tensor.BatchNorm(Tensor.Zeros(2, 3), null, null, null, null, false),
        ["WhereShapes"] = () => Tensor.Where(Tensor.Zeros(2), Tensor.Zeros(3), Tensor.Zeros(2)),
        ["CrossSize"] = () => Tensor.Cross(Tensor.Zeros(2, 2), Tensor.Zeros(2, 2)),
        ["CrossRank0"] = () => Tensor.Cross(Tensor.Scalar(1), Tensor.Scalar(1)),
        ["RodriguesSize"] = () => Tensor.Rodrigues(Tensor.Zeros(2)),
        ["RodriguesRank0"] = () => Tensor.Rodrigues(Tensor.Scalar(1)),
        ["MakeRigidShapes"] = () => Tensor.MakeRigid4x4(Tensor.Zeros(3, 3), Tensor.Zeros(4)),
        ["TransformPointsShapes"] = () => Tensor.TransformPoints(Tensor.Zeros(3, 3), Tensor.Zeros(3)),
        ["BackwardGradientShape"] = () => Tensor.Zeros(2, 3).RequireGrad().Backward(Tensor.Zeros(3)),
        ["FromArrayCount"] = () => Tensor.FromArray([1f, 2f], 3),
        ["WrapCount"] = () => Tensor.Wrap([1f, 2f], 3),
        ["ZerosNegative"] = () => Tensor.Zeros(-1, 2),
        ["IndexerRank"] = () => _ = Tensor.Zeros(2, 3)[1],
        ["DropoutP"] = () => Tensor.Zeros(2, 3).Dropout(1.5f, true, new TensorRandom(1)),
        ["Dropout2dRank"] = () => Tensor.Zeros(3).Dropout2d(0.5f, true, new TensorRandom(1)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_arguments_throw_an_argument_exception(string call)
    {
        var e = Record.Exception(Calls[call]);
        Assert.NotNull(e);
        Assert.True(e is ArgumentException, $"{call} threw {e.GetType().Name}: {e.Message}");
    }
}
