using System.Numerics;
using Hamr.HandModel;
using Hamr.Imaging;
using Hamr.Rendering;
using Hamr.Tensors;

namespace Hamr.Data.Synthetic;

public sealed partial class SyntheticHandGenerator
{
    /// <summary>Draws the posed hand with a skin tone, its texture, a material and lights into the render target.</summary>
    private void Render(TensorRandom random, Camera camera, SyntheticSample into)
    {
        var model = _assets.Layer(into.Side).Model;
        var mesh = into.Side == Handedness.Right ? _rightMesh : _leftMesh;
        var vertices = _output.Vertices.AsSpan(0, model.VertexCount * 3);
        // Normals on the welded mesh (smooth across UV seams), then copied to the UV vertices with the positions.
        MeshNormals.Compute(vertices, model.Faces, _weldedNormals);
        var toVertex = model.Uv!.UvToVertex;
        var positions = mesh.Positions;
        var normals = mesh.Normals!;
        for (int i = 0; i < toVertex.Length; i++)
        {
            int v = 3 * toVertex[i];
            positions[3 * i] = vertices[v];
            positions[3 * i + 1] = vertices[v + 1];
            positions[3 * i + 2] = vertices[v + 2];
            normals[3 * i] = _weldedNormals[v];
            normals[3 * i + 1] = _weldedNormals[v + 1];
            normals[3 * i + 2] = _weldedNormals[v + 2];
        }

        int bucket = random.NextInt(SkinTones.Count);
        into.SkinTone = bucket;
        mesh.Texture = _assets.Skin(bucket);
        PlaceForearm(random, into, mesh, toVertex.Length);
        // Per-person variation within the bucket: overall brightness and a slight shift of hue.
        float brightness = random.Uniform(0.88f, 1.1f);
        var tint = brightness * new Vector3(1 + 0.04f * random.NextGaussian(), 1 + 0.03f * random.NextGaussian(), 1 + 0.04f * random.NextGaussian());
        _renderOptions.Material = new Material
        {
            BaseColor = Vector3.Clamp(tint, Vector3.Zero, Vector3.One),
            Specular = random.Uniform(0f, 0.25f),
            Shininess = random.Uniform(8f, 40f),
        };
        var centre = Vector3.Zero;
        for (int k = 0; k < K; k++)
        {
            centre += new Vector3(into.Keypoints3D[3 * k], into.Keypoints3D[3 * k + 1], into.Keypoints3D[3 * k + 2]);
        }
        DrawLights(random, centre / K);
        _renderOptions.Lights = _lights;
        Rasterizer.Render(_target, mesh, camera, _renderOptions);
    }

    /// <summary>
    /// Puts the forearm (bare, or in a sleeve of a random colour 45 % of the time) on the wrist: built for the hand's
    /// size, mirrored for a left hand, and moved rigidly with the wrist joint.
    /// </summary>
    private void PlaceForearm(TensorRandom random, SyntheticSample into, RenderMesh mesh, int first)
    {
        int sleeve = random.NextFloat() < 0.45f ? random.NextInt(Forearm.SleeveChoices) : -1;
        var cloth = BackgroundPainter.RandomColour(random);
        var clothColour = new Vector3(cloth.R, cloth.G, cloth.B) / 255f;
        var k = into.Keypoints3D;
        float handLength = Vector3.Distance(new Vector3(k[0], k[1], k[2]), new Vector3(k[27], k[28], k[29]));
        _assets.Forearm.Build(handLength / _restHandLength, sleeve, _armPositions, _armNormals, _armSleeve);
        // The wrist joint's transform: rotation R₀ (rows of the 4×4) and the posed joint, translation included.
        var a = _output.Transforms;
        var r = new Matrix4x4(a[0], a[4], a[8], 0, a[1], a[5], a[9], 0, a[2], a[6], a[10], 0, 0, 0, 0, 1);
        var wrist = new Vector3(_output.Joints[0] + into.Translation[0], _output.Joints[1] + into.Translation[1], _output.Joints[2] + into.Translation[2]);
        bool left = into.Side == Handedness.Left;
        var positions = mesh.Positions;
        var normals = mesh.Normals!;
        var uvs = mesh.Uvs!;
        var colours = mesh.Colors!;
        var skin = mesh.Texture!;
        for (int i = 0; i < _armPositions.Length; i++)
        {
            var p = _armPositions[i];
            var n = _armNormals[i];
            if (left)
            {
                p.X = -p.X;
                n.X = -n.X;
            }
            p = Vector3.Transform(p, r) + wrist;
            n = Vector3.TransformNormal(n, r);
            int v = first + i;
            positions[3 * v] = p.X;
            positions[3 * v + 1] = p.Y;
            positions[3 * v + 2] = p.Z;
            normals[3 * v] = n.X;
            normals[3 * v + 1] = n.Y;
            normals[3 * v + 2] = n.Z;
            // The texture is white here; the colour comes from the vertex: cloth, or the hand's skin at the wrist.
            uvs[2 * v] = _assets.WhiteUv.X;
            uvs[2 * v + 1] = _assets.WhiteUv.Y;
            var colour = _armSleeve[i] ? clothColour : Texel(skin, _assets.ForearmSkinUvs[Forearm.SegmentOf(i)]);
            colours[3 * v] = colour.X;
            colours[3 * v + 1] = colour.Y;
            colours[3 * v + 2] = colour.Z;
        }
    }

    /// <summary>The texel at <paramref name="uv"/> (nearest), as linear RGB in [0, 1].</summary>
    private static Vector3 Texel(Image texture, Vector2 uv)
    {
        int x = Math.Clamp((int)(uv.X * texture.Width), 0, texture.Width - 1), y = Math.Clamp((int)(uv.Y * texture.Height), 0, texture.Height - 1);
        int o = (y * texture.Width + x) * 3;
        return new Vector3(texture.Pixels[o], texture.Pixels[o + 1], texture.Pixels[o + 2]) / 255f;
    }

    /// <summary>
    /// An ambient term and one to three lights (directional or point): a key light from the camera's side of the
    /// hand, dimmer fills from anywhere in front, each slightly warm or cool.
    /// </summary>
    private void DrawLights(TensorRandom random, Vector3 handCentre)
    {
        _lights.Clear();
        // Intensities are drawn, then scaled so that ambient + all direct light sums to an exposure in [0.75, 1.15]
        // (a surface facing every light at once would reach its albedo times that): no blown-out or black hands.
        Span<float> intensities = stackalloc float[4];
        intensities[0] = random.Uniform(0.2f, 0.5f);
        int count = 1 + random.NextInt(3);
        float total = intensities[0];
        for (int i = 1; i <= count; i++)
        {
            intensities[i] = i == 1 ? random.Uniform(0.5f, 0.9f) : random.Uniform(0.12f, 0.4f);
            total += intensities[i];
        }
        float exposure = random.Uniform(0.75f, 1.15f) / total;
        _lights.Add(Light.Ambient(exposure * intensities[0], Tint(random, 0.05f)));
        for (int i = 0; i < count; i++)
        {
            float intensity = exposure * intensities[i + 1];
            // Direction of travel, mostly away from the camera (+z) so the visible side is lit.
            var direction = new Vector3(random.Uniform(-1f, 1f), random.Uniform(-1f, 1f), random.Uniform(i == 0 ? 0.4f : -0.3f, 1f));
            if (direction.LengthSquared() < 1e-4f)
            {
                direction = Vector3.UnitZ;
            }
            if (random.NextFloat() < 0.3f)
            {
                // A lamp 30–90 cm from the hand, up the direction its light travels.
                var position = handCentre - random.Uniform(0.3f, 0.9f) * Vector3.Normalize(direction);
                _lights.Add(Light.Point(position, intensity, Tint(random, 0.12f)));
            }
            else
            {
                _lights.Add(Light.Directional(direction, intensity, Tint(random, 0.12f)));
            }
        }
    }

    private static Vector3 Tint(TensorRandom random, float strength)
    {
        // Along the warm–cool axis (tungsten to daylight-shade), plus a little of anything.
        float warmth = random.Uniform(-1f, 1f) * strength;
        return Vector3.Clamp(new Vector3(1 + warmth, 1, 1 - warmth) + new Vector3(0.02f * random.NextGaussian()), Vector3.Zero, new Vector3(1.2f));
    }

    /// <summary>
    /// Paints the background into the sample's image and puts the hand over it: the render was made over black, so
    /// its pixels are already colour × coverage, and the background shows through by (1 − coverage).
    /// </summary>
    private void Composite(TensorRandom random, SyntheticSample into)
    {
        var image = into.Image;
        _painter.Paint(image, random, _assets.Photos, Options.PhotoBackgroundProbability);
        var pixels = image.Pixels.AsSpan();
        var hand = _target.Color.Pixels.AsSpan();
        var coverage = _target.Coverage.AsSpan();
        for (int i = 0; i < coverage.Length; i++)
        {
            float c = coverage[i];
            if (c <= 0)
            {
                continue;
            }
            int o = 3 * i;
            float keep = 1 - c;
            pixels[o] = (byte)Math.Min(255f, hand[o] + keep * pixels[o] + 0.5f);
            pixels[o + 1] = (byte)Math.Min(255f, hand[o + 1] + keep * pixels[o + 1] + 0.5f);
            pixels[o + 2] = (byte)Math.Min(255f, hand[o + 2] + keep * pixels[o + 2] + 0.5f);
        }
        // The hand's mask: coverage where the nearest surface is the hand's (faces before the forearm's).
        var mask = _target.Mask.AsSpan();
        var face = _target.TriangleId.AsSpan();
        for (int i = 0; i < mask.Length; i++)
        {
            into.Mask[i] = face[i] < _handFaces ? mask[i] : (byte)0;
        }
    }
}
