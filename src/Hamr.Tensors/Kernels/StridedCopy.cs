namespace Hamr.Tensors;

/// <summary>Copies between strided views and dense buffers, innermost axis as a span copy where possible.</summary>
internal static class StridedCopy
{
    /// <summary>Writes the elements of <paramref name="src"/> in row-major order into <paramref name="dst"/>.</summary>
    public static void Gather(Tensor src, Span<float> dst)
    {
        if (src.IsContiguous)
        {
            src.Span.CopyTo(dst);
            return;
        }
        Gather(src.Buffer, src.Offset, src.Dims, src.Strides, dst);
    }

    public static void Gather(float[] buffer, int offset, int[] dims, int[] strides, Span<float> dst)
    {
        int rank = dims.Length;
        int count = ShapeUtil.Count(dims);
        if (count == 0)
        {
            return;
        }
        if (rank == 0)
        {
            dst[0] = buffer[offset];
            return;
        }
        int inner = dims[rank - 1], innerStride = strides[rank - 1];
        Span<int> index = stackalloc int[rank];
        int o = offset, w = 0;
        while (true)
        {
            if (innerStride == 1)
            {
                buffer.AsSpan(o, inner).CopyTo(dst.Slice(w, inner));
            }
            else if (innerStride == 0)
            {
                dst.Slice(w, inner).Fill(buffer[o]);
            }
            else
            {
                for (int i = 0, p = o; i < inner; i++, p += innerStride)
                {
                    dst[w + i] = buffer[p];
                }
            }
            w += inner;
            int ax = rank - 2;
            for (; ax >= 0; ax--)
            {
                o += strides[ax];
                if (++index[ax] < dims[ax])
                {
                    break;
                }
                o -= strides[ax] * dims[ax];
                index[ax] = 0;
            }
            if (ax < 0)
            {
                return;
            }
        }
    }

    /// <summary>Writes a dense row-major source into the strided view <paramref name="dst"/>.</summary>
    public static void Scatter(ReadOnlySpan<float> src, Tensor dst)
    {
        if (dst.IsContiguous)
        {
            src.CopyTo(dst.Span);
            return;
        }
        int rank = dst.Rank;
        if (dst.Count == 0)
        {
            return;
        }
        int inner = dst.Dims[rank - 1], innerStride = dst.Strides[rank - 1];
        Span<int> index = stackalloc int[rank];
        int o = dst.Offset, r = 0;
        var buffer = dst.Buffer;
        while (true)
        {
            for (int i = 0, p = o; i < inner; i++, p += innerStride)
            {
                buffer[p] = src[r + i];
            }
            r += inner;
            int ax = rank - 2;
            for (; ax >= 0; ax--)
            {
                o += dst.Strides[ax];
                if (++index[ax] < dst.Dims[ax])
                {
                    break;
                }
                o -= dst.Strides[ax] * dst.Dims[ax];
                index[ax] = 0;
            }
            if (ax < 0)
            {
                return;
            }
        }
    }
}
