using System.Diagnostics;
using Hamr.Geometry;
using Hamr.HandModel;
using Hamr.HandModel.Export;
using Hamr.Imaging;
using Hamr.Model.Network;
using Hamr.Tensors;

namespace Hamr.Model.Inference;

/// <summary>
/// HAMR on a hand crop: the box (default the whole image) is made square around its centre, resampled to the
/// network's input (<see cref="HandCrop"/>), mirrored for a left hand, and run through the network in eval mode
/// without gradients; the final iteration's prediction and the heatmap keypoints are mapped back to the image
/// (<see cref="HamrResult"/>). The network knows right hands only (training mirrors its left hands), so a left hand's
/// result is the mirror image of the right hand predicted in its mirrored crop. Not thread-safe: one predictor per
/// thread (the network may be shared only if nothing trains it meanwhile).
/// </summary>
public sealed class HamrPredictor
{
    private readonly HandLayer _rightLayer;
    private readonly Lazy<HandLayer> _leftLayer;
    private readonly HandLayerOutput _rightOutput;
    private readonly Lazy<HandLayerOutput> _leftOutput;

    /// <summary>A predictor over <paramref name="network"/>, which is put into eval mode.</summary>
    public HamrPredictor(HamrNetwork network, HandResultSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.Eval();
        Network = network;
        Source = source ?? new HandResultSource("hamr", network.Config.Name);
        _rightLayer = network.Layer;
        _rightOutput = _rightLayer.CreateOutput(1);
        _leftLayer = new(() => new HandLayer(HandModelMirror.Mirror(network.HandModel)));
        _leftOutput = new(() => _leftLayer.Value.CreateOutput(1));
    }

    public HamrNetwork Network { get; }

    /// <summary>What made the predictions (method, config, weights file and step), for results and reports.</summary>
    public HandResultSource Source { get; }

    /// <summary>Side of the network's square input, pixels.</summary>
    public int InputSize => Network.Config.InputSize;

    /// <summary>Stage timings of the last call to <see cref="Predict(Image, HandBox?, bool)"/> or <see cref="Predict(IReadOnlyList{HamrInput})"/>.</summary>
    public HamrTimings LastTimings { get; private set; }

    /// <summary>A predictor over the weights in <paramref name="path"/> (<see cref="HamrWeights"/>); errors name the file.</summary>
    public static HamrPredictor Load(string path)
    {
        var (network, metadata) = HamrWeights.LoadWithMetadata(path);
        return new HamrPredictor(network, SourceOf(network, metadata, Path.GetFileName(path)));
    }

    /// <summary>A predictor over the weights embedded in this build; <see cref="InvalidOperationException"/> when there are none (<see cref="HamrWeights.HasDefault"/>).</summary>
    public static HamrPredictor LoadDefault()
    {
        var (network, metadata) = HamrWeights.LoadDefaultWithMetadata();
        return new HamrPredictor(network, SourceOf(network, metadata, "hamr-s.safetensors (embedded)"));
    }

    /// <summary>Predicts the hand in <paramref name="box"/> of <paramref name="image"/> (null: the whole image).</summary>
    public HamrResult Predict(Image image, HandBox? box = null, bool left = false) => Predict([new HamrInput(image, box, left)])[0];

    /// <summary>Predicts several crops in one network batch; results in the order of <paramref name="inputs"/>.</summary>
    public IReadOnlyList<HamrResult> Predict(IReadOnlyList<HamrInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            return [];
        }

        // 1. Crops and the input batch [B, 3, S, S] (ImageNormalization.Unit, as training).
        var clock = Stopwatch.StartNew();
        int b = inputs.Count, size = InputSize;
        var crops = new HandCrop[b];
        var images = Tensor.Zeros(b, 3, size, size);
        for (int i = 0; i < b; i++)
        {
            var input = inputs[i] ?? throw new ArgumentException($"input {i} is null", nameof(inputs));
            ArgumentNullException.ThrowIfNull(input.Image);
            var box = input.Box ?? HandBox.Whole(input.Image.Width, input.Image.Height);
            crops[i] = new HandCrop(input.Image.Width, input.Image.Height, box, size, input.Left);
            ImageTensor.WriteToBatch(crops[i].Extract(input.Image), images, i, ImageNormalization.Unit);
        }

        var cropTime = clock.Elapsed;

        // 2. The network, final iteration and heatmap keypoints, as arrays.
        // The step scope pools the network's buffers (reused from call to call: no fresh pages to touch).
        float[] heatmapKeypoints, camera, axisAngle, beta, vertices, keypoints3D, keypoints2D;
        using (TensorScope.Begin())
        using (GradMode.NoGrad())
        {
            var output = Network.Run(images);
            heatmapKeypoints = output.HeatmapKeypoints2D().ToArray();   // [B, 21, 2] normalised crop
            var final = output.Final;
            camera = final.Camera.ToArray();          // [B, 3]
            axisAngle = final.PoseAxisAngle.ToArray(); // [B, 16, 3]
            beta = final.Beta.ToArray();              // [B, 10]
            vertices = final.Vertices.ToArray();      // [B, V, 3]
            keypoints3D = final.Keypoints3D.ToArray(); // [B, 21, 3]
            keypoints2D = final.Keypoints2D.ToArray(); // [B, 21, 2]
        }

        var networkTime = clock.Elapsed - cropTime;

        // 3. Each hand back into its image (and its side).
        var results = new HamrResult[b];
        for (int i = 0; i < b; i++)
        {
            results[i] = Decode(crops[i], camera.AsSpan(3 * i, 3), axisAngle.AsSpan(48 * i, 48), beta.AsSpan(10 * i, 10),
                Rows(vertices, b, i), keypoints3D.AsSpan(63 * i, 63), keypoints2D.AsSpan(42 * i, 42), heatmapKeypoints.AsSpan(42 * i, 42));
        }

        LastTimings = new HamrTimings(cropTime, networkTime, clock.Elapsed - cropTime - networkTime);
        return results;
    }

    private HamrResult Decode(HandCrop crop, ReadOnlySpan<float> camera, ReadOnlySpan<float> axisAngle, ReadOnlySpan<float> beta,
        ReadOnlySpan<float> vertices, ReadOnlySpan<float> keypoints3D, ReadOnlySpan<float> keypoints2D, ReadOnlySpan<float> heatmapKeypoints)
    {
        bool left = crop.Mirrored;
        var theta = axisAngle.ToArray();
        var joints = keypoints3D.ToArray();
        var mesh = vertices.ToArray();
        float s = camera[0], tx = camera[1], ty = camera[2];
        if (left)
        {
            // The network saw the mirror image: x → −x in 3D, θ's y and z components negated, and in the unmirrored
            // crop x_n → −x_n, so s·(X_r + tx) mirrored is s·(X_l − tx).
            HandModelMirror.MirrorPose(theta);
            HandModelMirror.MirrorPoints(joints);
            HandModelMirror.MirrorPoints(mesh);
            tx = -tx;
        }

        // 2D: normalised crop → crop pixels → image pixels; CropToSource also undoes the mirror.
        var keypointsPx = new float[keypoints2D.Length];
        crop.NormalizedToSource(keypoints2D, keypointsPx);
        var heatmapPx = new float[heatmapKeypoints.Length];
        crop.NormalizedToSource(heatmapKeypoints, heatmapPx);

        // Camera in pixels: u = c + (side/2)·x_n = (s·side/2)·(X + tx + c / (s·side/2)).
        var square = crop.Square;
        float scalePx = s * square.SizePx / 2;
        var cameraPx = new WeakPerspectiveCamera(scalePx, tx + (square.CentrePx.X / scalePx), ty + (square.CentrePx.Y / scalePx));

        // The 16 joints from the plain layer of the side's model, root-relative like the rest.
        var layer = left ? _leftLayer.Value : _rightLayer;
        var output = left ? _leftOutput.Value : _rightOutput;
        var betaArray = beta.ToArray();
        layer.Forward(betaArray, theta, [], output);
        var translation = new[] { -output.Keypoints[0], -output.Keypoints[1], -output.Keypoints[2] };
        var joints16 = new float[HandModel.HandModel.JointCount * 3];
        for (int j = 0; j < joints16.Length; j++)
        {
            joints16[j] = output.Joints[j] + translation[j % 3];
        }

        return new HamrResult
        {
            Side = left ? Handedness.Left : Handedness.Right,
            Crop = crop,
            Model = layer.Model,
            Keypoints2DPx = keypointsPx,
            HeatmapKeypoints2DPx = heatmapPx,
            Keypoints3D = joints,
            Joints3D = joints16,
            Vertices = mesh,
            Beta = betaArray,
            Theta = theta,
            Translation = translation,
            Camera = new WeakPerspectiveCamera(s, tx, ty),
            CameraPx = cameraPx,
        };
    }

    private static ReadOnlySpan<float> Rows(float[] all, int batch, int index)
    {
        int per = all.Length / batch;
        return all.AsSpan(per * index, per);
    }

    private static HandResultSource SourceOf(HamrNetwork network, IReadOnlyDictionary<string, string> metadata, string weights)
    {
        long step = HamrWeights.Step(metadata);
        return new HandResultSource("hamr", network.Config.Name, weights, step >= 0 ? step : null);
    }
}
