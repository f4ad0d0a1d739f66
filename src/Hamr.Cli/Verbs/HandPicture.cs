using System.Numerics;
using Hamr.HandModel;
using Hamr.Imaging;
using Hamr.Imaging.Drawing;
using Hamr.Rendering;

namespace Hamr.Cli.Verbs;

/// <summary>Where the camera of a hand picture stands: facing the palm, the back of the hand, or the thumb side.</summary>
internal enum HandView
{
    Palm,
    Back,
    Side,
}

/// <summary>
/// Pictures of a posed hand for looking at poses and shapes: the layer's mesh shaded in a skin colour by the rasteriser
/// (pinhole camera, two lights and ambient), fingers up, with the 21 keypoints drawn on top; and grids of such cells.
/// The open model's axes (fingers −y, palm −x, thumb −z on the right hand) decide the camera rotations below.
/// </summary>
internal sealed class HandPicture
{
    // Linear RGB written straight to 8 bits (the rasteriser applies no gamma): a light skin tone.
    private static readonly Material Skin = new() { BaseColor = new Vector3(0.94f, 0.72f, 0.60f), Specular = 0.08f, Shininess = 24 };
    private static readonly Vector3 Background = new(0.96f, 0.96f, 0.95f);
    private static readonly Light[] Lights =
    [
        Light.Ambient(0.32f),
        Light.Directional(new Vector3(0.35f, 0.55f, 1f), 0.72f),   // key light from the upper left of the camera
        Light.Directional(new Vector3(-0.7f, -0.1f, 0.6f), 0.22f), // fill from the right
    ];

    private readonly HandLayer _layer;
    private readonly HandLayerOutput _output;
    private readonly float[] _keypointsXy = new float[HandJoints.KeypointCount * 2];
    private readonly Rgba[] _keypointColours = SkeletonPalette.PerPoint(HandJoints.KeypointFinger, SkeletonPalette.Hand);

    public HandPicture(HandModel.HandModel model)
    {
        _layer = new HandLayer(model);
        _output = _layer.CreateOutput(1);
    }

    public HandModel.HandModel Model => _layer.Model;

    /// <summary>Draw the 21 keypoints over the mesh.</summary>
    public bool Keypoints { get; init; } = true;

    /// <summary>
    /// The scene span in metres that fills ~90 % of a cell (the same for every cell, so sizes compare); a hand larger than
    /// this in the picture widens it for that cell.
    /// </summary>
    public float SpanMeters { get; init; } = 0.24f;

    /// <summary>A size×size picture of the hand at shape β (empty: 0) and pose θ [16, 3].</summary>
    public Image Render(ReadOnlySpan<float> beta, ReadOnlySpan<float> theta, HandView view, int size)
    {
        _layer.Forward(beta, theta, [], _output);
        var rotation = ViewRotation(view, Model.Side);
        var positions = new float[_output.Vertices.Length];
        var keypoints = new Vector3[HandJoints.KeypointCount];
        Vector3 low = new(float.MaxValue), high = new(float.MinValue);
        for (int i = 0; i < positions.Length; i += 3)
        {
            var p = Vector3.Transform(new Vector3(_output.Vertices[i], _output.Vertices[i + 1], _output.Vertices[i + 2]), rotation);
            (positions[i], positions[i + 1], positions[i + 2]) = (p.X, p.Y, p.Z);
            low = Vector3.Min(low, p);
            high = Vector3.Max(high, p);
        }

        // Centre the hand's box on the optical axis at a distance where SpanMeters fills 90 % of the cell.
        float focal = 3f * size;
        var extent = high - low;
        float span = MathF.Max(SpanMeters, MathF.Max(extent.X, extent.Y) * 1.05f);
        float distance = focal * span / (0.9f * size);
        var centre = (low + high) * 0.5f;
        var shift = new Vector3(-centre.X, -centre.Y, distance - centre.Z);
        for (int i = 0; i < positions.Length; i += 3)
        {
            positions[i] += shift.X;
            positions[i + 1] += shift.Y;
            positions[i + 2] += shift.Z;
        }
        for (int k = 0; k < keypoints.Length; k++)
        {
            var q = _output.Keypoints.AsSpan(3 * k, 3);
            keypoints[k] = Vector3.Transform(new Vector3(q[0], q[1], q[2]), rotation) + shift;
        }

        var mesh = new RenderMesh(positions, Model.Faces);
        mesh.ComputeVertexNormals();
        var camera = Camera.Pinhole(focal, focal, size * 0.5f, size * 0.5f);
        var target = new RenderTarget(size, size, supersample: 2);
        var options = new RenderOptions { Material = Skin, Lights = Lights, Background = Background, TwoSidedLighting = true };
        Rasterizer.Render(target, mesh, camera, options);
        if (Keypoints)
        {
            for (int k = 0; k < keypoints.Length; k++)
            {
                var uv = camera.Project(keypoints[k]);
                _keypointsXy[2 * k] = uv.X;
                _keypointsXy[2 * k + 1] = uv.Y;
            }
            Canvas.DrawSkeleton(target.Color, _keypointsXy, HandJoints.KeypointParents, _keypointColours,
                boneThickness: MathF.Max(1f, size / 160f), jointRadius: MathF.Max(1.5f, size / 90f));
        }
        return target.Color;
    }

    /// <summary>
    /// Model → camera rotation (OpenCV camera: x right, y down, z forward) with the fingers up in the picture. Right hand:
    /// palm view looks along +x (onto the palm, which faces −x), back view along −x, side view along +z (from the thumb
    /// side, palm on the left). The mirrored left hand's palm faces +x, so its palm and back views swap.
    /// </summary>
    public static Matrix4x4 ViewRotation(HandView view, Handedness side)
    {
        if (side == Handedness.Left && view != HandView.Side)
        {
            view = view == HandView.Palm ? HandView.Back : HandView.Palm;
        }
        // Rows: the camera's x, y, z axes in model coordinates; y_cam = +y_model puts the fingers (−y) up.
        var (x, z) = view switch
        {
            HandView.Palm => (new Vector3(0, 0, -1), new Vector3(1, 0, 0)),
            HandView.Back => (new Vector3(0, 0, 1), new Vector3(-1, 0, 0)),
            _ => (new Vector3(1, 0, 0), new Vector3(0, 0, 1)),
        };
        var y = Vector3.UnitY;
        // System.Numerics multiplies row vectors (p' = p·M), so the camera axes are the matrix's columns.
        return new Matrix4x4(
            x.X, y.X, z.X, 0,
            x.Y, y.Y, z.Y, 0,
            x.Z, y.Z, z.Z, 0,
            0, 0, 0, 1);
    }

    /// <summary>Cells (equal size, RGB) laid out row by row in <paramref name="columns"/> columns; empty cells are background.</summary>
    public static Image Grid(IReadOnlyList<Image> cells, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cells.Count);
        columns = Math.Min(columns, cells.Count);
        int rows = (cells.Count + columns - 1) / columns;
        int w = cells[0].Width, h = cells[0].Height, c = cells[0].Channels;
        var grid = new Image(w * columns, h * rows, c);
        byte[] fill = [ToByte(Background.X), ToByte(Background.Y), ToByte(Background.Z)];
        for (int i = 0; i < grid.Pixels.Length; i++)
        {
            grid.Pixels[i] = fill[i % c];
        }
        for (int n = 0; n < cells.Count; n++)
        {
            int ox = n % columns * w, oy = n / columns * h;
            for (int y = 0; y < h; y++)
            {
                cells[n].Row(y).CopyTo(grid.Row(oy + y).Slice(ox * c, w * c));
            }
        }
        return grid;
    }

    private static byte ToByte(float v) => (byte)(Math.Clamp(v, 0f, 1f) * 255f + 0.5f);
}
