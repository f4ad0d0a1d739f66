using Hamr.Tensors.Tests.Support;

namespace Hamr.Tensors.Tests.Review;

/// <summary>
/// Every op family on strided inputs (transposed, stepped slices, stride-0 expansions and a slice of a permuted
/// expansion) must give what it gives on a dense copy of the same values, forward and backward; and every backward
/// must accept an output gradient that is itself a non-contiguous or stride-0 view.
/// </summary>
public sealed class ViewInvarianceTests
{
    /// <summary>How an input is presented: the shape of the dense base tensor and the view taken of it.</summary>
    private sealed record ViewKind(string Name, Func<int[], int[]?> BaseShape, Func<Tensor, int[], Tensor> View);

    private static readonly ViewKind[] Kinds =
    [
        new("Transposed", s => s.Length < 2 ? null : Swap(s), (b, _) => b.Transpose(-1, -2)),
        new("Stepped", s => s.Length < 1 ? null : [.. s[..^1], 2 * s[^1] + 1], (b, s) => b.Slice(-1, 1, s[^1], 2)),
        new("Expanded", s => s.Length < 1 || s[0] < 2 ? null : [1, .. s[1..]], (b, s) => b.Expand(s)),
        new("SliceOfPermutedExpand", s => s.Length < 3 || s[0] < 2 ? null : [1, .. Swap(s)[1..^1], 2 * s[^2]],
            (b, s) => b.Slice(-1, 0, s[^2], 2).Transpose(-1, -2).Expand(s)),
    ];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in ViewInvarianceCases.All)
        {
            foreach (var k in Kinds)
            {
                if (c.Shapes.Any(s => k.BaseShape(s) is not null))
                {
                    data.Add(c.Name, k.Name);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Op_on_a_view_matches_the_op_on_a_dense_copy_forward_and_backward(string op, string kind)
    {
        var c = ViewInvarianceCases.All.Single(x => x.Name == op);
        var k = Kinds.Single(x => x.Name == kind);

        // Reference: the same bases and views, made dense before the op; a dense output gradient R.
        var (refBases, refOut) = Run(c, k, dense: true);
        var r = TestData.Random(99, refOut.GetShape());
        (refOut * r).Sum().Backward();

        // Strided input, dense output gradient.
        var (bases, output) = Run(c, k, dense: false);
        AssertClose(refOut.ToArray(), output.ToArray(), $"{op}/{kind} forward");
        (output * r).Sum().Backward();
        AssertGradsClose(refBases, bases, $"{op}/{kind} backward");

        // Strided input, output gradient arriving as a transposed view (through Transpose's backward).
        if (output.Rank >= 2)
        {
            var (tBases, tOut) = Run(c, k, dense: false);
            (tOut.T * r.T.Contiguous()).Sum().Backward();
            AssertGradsClose(refBases, tBases, $"{op}/{kind} backward of a transposed gradient");
        }

        // Output gradient of ones arriving as a stride-0 view (Sum's backward) against a dense one.
        var (onesBases, onesOut) = Run(c, k, dense: true);
        (onesOut * Tensor.Ones(onesOut.GetShape())).Sum().Backward();
        var (zBases, zOut) = Run(c, k, dense: false);
        zOut.Sum().Backward();
        AssertGradsClose(onesBases, zBases, $"{op}/{kind} backward of a stride-0 gradient");
    }

    private static (Tensor[] Bases, Tensor Output) Run(ViewInvarianceCases.OpCase c, ViewKind k, bool dense)
    {
        var bases = new Tensor[c.Shapes.Length];
        var inputs = new Tensor[c.Shapes.Length];
        for (int i = 0; i < bases.Length; i++)
        {
            var shape = c.Shapes[i];
            var baseShape = k.BaseShape(shape) ?? shape;
            bases[i] = Tensor.RandUniform(new TensorRandom(10 + (ulong)i), c.Low, c.High, baseShape).RequireGrad();
            var view = k.BaseShape(shape) is null ? bases[i] : k.View(bases[i], shape);
            Assert.Equal(shape, view.GetShape());
            inputs[i] = dense ? view.Contiguous() : view;
        }
        return (bases, c.F(inputs));
    }

    private static void AssertGradsClose(Tensor[] expected, Tensor[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i].Grad is not null, $"{what}: reference input {i} got no gradient");
            Assert.True(actual[i].Grad is not null, $"{what}: input {i} got no gradient");
            AssertClose(expected[i].Grad!.ToArray(), actual[i].Grad!.ToArray(), $"{what}, input {i}");
        }
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float e = expected[i], a = actual[i];
            bool ok = e.Equals(a) || Math.Abs(e - a) <= 1e-5f + 1e-4f * Math.Abs(e);
            Assert.True(ok, $"{what}: element {i} is {a}, expected {e}");
        }
    }

    private static int[] Swap(int[] s)
    {
        var r = (int[])s.Clone();
        (r[^1], r[^2]) = (r[^2], r[^1]);
        return r;
    }
}
