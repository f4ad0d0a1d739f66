using System.Numerics;
using Hamr.Geometry;
using Hamr.HandModel;
using Hamr.Imaging;
using Hamr.Rendering;
using Hamr.Tensors;

namespace Hamr.Data.Synthetic;

/// <summary>
/// Renders synthetic hand crops with exact ground truth (see <see cref="SyntheticSample"/> for the conventions).
/// Sample i of a seed is a pure function of (seed, i): it draws from its own generator, seeded by a hash of the two,
/// and every buffer it uses is overwritten, so samples come out the same in any order, on any thread, with any
/// number of workers. One instance is one worker (not thread-safe); <see cref="Fork"/> makes another that shares the
/// read-only assets (hand models, skin textures, background photos). Buffers are reused: a sample allocates only a
/// few small objects (its random generator, material and lights).
/// <para>
/// The recipe, in order: finger pose (named poses, blends, uniform within the joint limits), global rotation biased
/// toward palm or back views, shape β ~ N(0, I) clamped to ±3, side (a left hand is the mirrored model with the
/// mirrored pose: the mirror image of the right hand the same draws would give), a virtual 640×480 camera with a
/// focal length of 450–1300 px and the hand 25–80 cm away anywhere in its view; then the crop's intrinsics from the
/// hand's projected bounding box (margin ×1.15–1.5, centre jitter ±8 %), so the hand is rendered straight into the
/// crop; a skin tone and its texture, 1–3 lights besides an ambient term; a procedural or photo background composited
/// under the anti-aliased coverage; occluders; blur, colour jitter and noise.
/// </para>
/// </summary>
public sealed partial class SyntheticHandGenerator
{
    /// <summary>The virtual camera's image, pixels (its aspect and size only set how far off-axis a hand can be).</summary>
    internal const float ImageWidth = 640, ImageHeight = 480;

    internal const float MinFocalPx = 450, MaxFocalPx = 1300;

    private const int Joints = 16;
    private const int K = SyntheticSample.KeypointCount;

    private readonly SyntheticAssets _assets;
    private readonly PoseDraw _poseDraw;
    private readonly HandLayerOutput _output;
    private readonly RenderTarget _target;
    private readonly RenderMesh _rightMesh;
    private readonly RenderMesh _leftMesh;
    private readonly float[] _weldedNormals;
    private readonly int _handFaces;
    private readonly Vector3[] _armPositions;
    private readonly Vector3[] _armNormals;
    private readonly bool[] _armSleeve;
    private readonly float _restHandLength;
    private readonly RenderOptions _renderOptions = new() { Parallel = false, Cull = CullMode.Back, Background = Vector3.Zero };
    private readonly List<Light> _lights = new(4);
    private readonly BackgroundPainter _painter;
    private readonly Image _scratch;
    private readonly Image _coverage;
    private readonly float[] _theta = new float[Joints * 3];
    private readonly float[] _beta = new float[10];
    private readonly float[] _relative = new float[K * 3];
    private readonly float[] _normalized = new float[K * 2];

    /// <summary>A generator for <paramref name="options"/>; loads the hand model (and the background photos, if any).</summary>
    public SyntheticHandGenerator(SyntheticOptions options)
        : this(new SyntheticAssets(options ?? throw new ArgumentNullException(nameof(options))))
    {
    }

    private SyntheticHandGenerator(SyntheticAssets assets)
    {
        _assets = assets;
        int size = assets.Options.Size;
        _poseDraw = new PoseDraw(assets.Limits);
        _output = assets.Right.CreateOutput(1);
        _target = new RenderTarget(size, size, assets.Options.Supersample);
        var rightUv = assets.Right.Model.Uv!;
        var leftUv = assets.Left.Model.Uv!;
        // One mesh per side: the hand's UV vertices then the forearm's. Both sides share the vertices (the mirror
        // keeps UVs) and so one set of per-vertex arrays; only the winding of the triangles differs.
        int hand = rightUv.UvVertexCount, total = hand + assets.Forearm.VertexCount;
        var positions = new float[total * 3];
        var normals = new float[total * 3];
        var uvs = new float[total * 2];
        rightUv.Uvs.CopyTo(uvs, 0);
        var colours = new float[total * 3];
        colours.AsSpan().Fill(1);
        _handFaces = rightUv.UvFaces.Length / 3;
        _rightMesh = new RenderMesh(positions, WithForearm(rightUv.UvFaces, assets.Forearm.Faces, hand)) { Normals = normals, Uvs = uvs, Colors = colours };
        _leftMesh = new RenderMesh(positions, WithForearm(leftUv.UvFaces, assets.LeftForearmFaces, hand)) { Normals = normals, Uvs = uvs, Colors = colours };
        _armPositions = new Vector3[assets.Forearm.VertexCount];
        _armNormals = new Vector3[assets.Forearm.VertexCount];
        _armSleeve = new bool[assets.Forearm.VertexCount];
        _restHandLength = Vector3.Distance(assets.Rest.Keypoint(0), assets.Rest.Keypoint(9));
        _weldedNormals = new float[assets.Right.VertexCount * 3];
        _painter = new BackgroundPainter(size);
        _scratch = new Image(size, size, 3);
        _coverage = new Image(size, size, 3);
    }

    public SyntheticOptions Options => _assets.Options;

    /// <summary>Another worker sharing this generator's read-only assets (same options, same samples).</summary>
    public SyntheticHandGenerator Fork() => new(_assets);

    /// <summary>A sample buffer of the right size for <see cref="Generate"/>.</summary>
    public SyntheticSample CreateSample() => new(Options.Size);

    /// <summary>Overwrites <paramref name="into"/> with sample <paramref name="index"/> of this generator's seed.</summary>
    public void Generate(long index, SyntheticSample into)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (into.Size != Options.Size)
        {
            throw new ArgumentException($"sample buffer is {into.Size} px, the generator makes {Options.Size} px crops", nameof(into));
        }
        var random = new TensorRandom(SampleSeed.For(Options.Seed, index));
        into.Index = index;
        var scene = DrawScene(random);
        into.Side = scene.Side;
        PoseHand(scene, into);
        var camera = FrameCrop(scene, into);
        Render(random, camera, into);
        Composite(random, into);
        FindVisible(into);
        DrawOccluders(random, into);
        if (Options.Degrade)
        {
            Degrade(random, into.Image);
        }
        FitWeakPerspective(into);
    }

    /// <summary>The draws that place the hand, all made in the right hand's frame and mirrored for a left hand.</summary>
    private readonly record struct Scene(Handedness Side, float Distance, float FocalPx, Vector2 CentrePx, float CropScale, Vector2 Jitter);

    private Scene DrawScene(TensorRandom random)
    {
        var theta = _theta.AsSpan();
        theta.Clear();
        _poseDraw.Draw(random, theta);
        _assets.View.Draw(random, theta[..3]);
        for (int k = 0; k < _beta.Length; k++)
        {
            _beta[k] = Math.Clamp(random.NextGaussian(), -3f, 3f);
        }
        var side = random.NextFloat() < Options.LeftHandProbability ? Handedness.Left : Handedness.Right;
        float distance = random.Uniform(Options.MinDistanceMeters, Options.MaxDistanceMeters);
        float focal = random.Uniform(MinFocalPx, MaxFocalPx);
        var centre = new Vector2(ImageWidth * random.Uniform(0.1f, 0.9f), ImageHeight * random.Uniform(0.1f, 0.9f));
        float scale = random.Uniform(1.15f, 1.5f);
        var jitter = new Vector2(random.Uniform(-0.08f, 0.08f), random.Uniform(-0.08f, 0.08f));
        if (side == Handedness.Left)
        {
            // The mirror image through the plane x = 0 of camera space: pose by HandModelMirror's rule, the hand's
            // position and the crop's jitter reflected in x.
            HandModelMirror.MirrorPose(theta);
            centre.X = ImageWidth - centre.X;
            jitter.X = -jitter.X;
        }
        return new Scene(side, distance, focal, centre, scale, jitter);
    }

    /// <summary>Poses the hand at the origin, then moves it so its keypoints' mean lies <c>Distance</c> along the ray through <c>CentrePx</c>.</summary>
    private void PoseHand(Scene scene, SyntheticSample into)
    {
        var layer = _assets.Layer(scene.Side);
        layer.Forward(_beta, _theta, [], _output);
        var keypoints = _output.Keypoints.AsSpan(0, K * 3);
        var mean = Vector3.Zero;
        for (int k = 0; k < K; k++)
        {
            mean += new Vector3(keypoints[3 * k], keypoints[3 * k + 1], keypoints[3 * k + 2]);
        }
        mean /= K;
        var ray = Vector3.Normalize(new Vector3((scene.CentrePx.X - ImageWidth / 2) / scene.FocalPx, (scene.CentrePx.Y - ImageHeight / 2) / scene.FocalPx, 1));
        var translation = ray * scene.Distance - mean;
        Offset(_output.Vertices.AsSpan(0, layer.VertexCount * 3), translation);
        Offset(keypoints, translation);
        keypoints.CopyTo(into.Keypoints3D);
        into.Translation[0] = translation.X;
        into.Translation[1] = translation.Y;
        into.Translation[2] = translation.Z;
        _beta.CopyTo(into.Beta, 0);
        _theta.CopyTo(into.Theta, 0);
        _theta.AsSpan(0, 3).CopyTo(into.GlobalRotation);
    }

    /// <summary>
    /// Crop intrinsics from the hand's bounding box in the virtual image: a square of the larger extent times the
    /// margin, centred on the box plus jitter, scaled to Size pixels. The hand is then rendered straight into it.
    /// </summary>
    private Camera FrameCrop(Scene scene, SyntheticSample into)
    {
        var vertices = _output.Vertices.AsSpan(0, _assets.Right.VertexCount * 3);
        double f = scene.FocalPx, cx = ImageWidth / 2.0, cy = ImageHeight / 2.0;
        double minU = double.MaxValue, maxU = double.MinValue, minV = double.MaxValue, maxV = double.MinValue;
        for (int i = 0; i < vertices.Length; i += 3)
        {
            double z = vertices[i + 2];
            double u = f * vertices[i] / z + cx, v = f * vertices[i + 1] / z + cy;
            minU = Math.Min(minU, u);
            maxU = Math.Max(maxU, u);
            minV = Math.Min(minV, v);
            maxV = Math.Max(maxV, v);
        }
        double side = Math.Max(maxU - minU, maxV - minV) * scene.CropScale;
        double centreU = (minU + maxU) / 2 + scene.Jitter.X * side, centreV = (minV + maxV) / 2 + scene.Jitter.Y * side;
        double scale = Options.Size / side;
        var k = new CameraIntrinsics(f * scale, f * scale, (cx - (centreU - side / 2)) * scale, (cy - (centreV - side / 2)) * scale);
        into.Intrinsics = k;
        var p3 = into.Keypoints3D;
        for (int q = 0; q < K; q++)
        {
            double x = p3[3 * q], y = p3[3 * q + 1], z = p3[3 * q + 2];
            into.Keypoints2D[2 * q] = (float)(k.Fx * x / z + k.Cx);
            into.Keypoints2D[2 * q + 1] = (float)(k.Fy * y / z + k.Cy);
        }
        return Camera.Pinhole((float)k.Fx, (float)k.Fy, (float)k.Cx, (float)k.Cy);
    }

    /// <summary>HAMR's ground-truth camera: least squares from root-relative 3D to 2D in [−1, 1] crop coordinates.</summary>
    private void FitWeakPerspective(SyntheticSample into)
    {
        var p3 = into.Keypoints3D;
        float half = into.Size / 2f;
        for (int q = 0; q < K; q++)
        {
            for (int c = 0; c < 3; c++)
            {
                _relative[3 * q + c] = p3[3 * q + c] - p3[c];
            }
            _normalized[2 * q] = into.Keypoints2D[2 * q] / half - 1;
            _normalized[2 * q + 1] = into.Keypoints2D[2 * q + 1] / half - 1;
        }
        into.Camera = WeakPerspective.Fit(_relative, _normalized);
    }

    private static int[] WithForearm(int[] handFaces, int[] armFaces, int firstArmVertex) =>
        [.. handFaces, .. armFaces.Select(i => i + firstArmVertex)];

    private static void Offset(Span<float> points, Vector3 by)
    {
        for (int i = 0; i < points.Length; i += 3)
        {
            points[i] += by.X;
            points[i + 1] += by.Y;
            points[i + 2] += by.Z;
        }
    }
}
