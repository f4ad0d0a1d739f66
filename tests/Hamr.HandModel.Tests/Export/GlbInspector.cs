using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Hamr.HandModel.Gltf;

namespace Hamr.HandModel.Tests.Export;

/// <summary>Looks inside GLB bytes the way a viewer would: the raw chunks and JSON, and linear blend skinning of the skinned mesh.</summary>
internal static class GlbInspector
{
    /// <summary>The JSON (parsed), the raw JSON chunk bytes (padding included) and the BIN chunk.</summary>
    public static (JsonNode Json, byte[] JsonChunk, byte[] Bin) Chunks(byte[] glb)
    {
        Assert.Equal(0x46546C67u, BinaryPrimitives.ReadUInt32LittleEndian(glb));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(glb.AsSpan(4)));
        Assert.Equal((uint)glb.Length, BinaryPrimitives.ReadUInt32LittleEndian(glb.AsSpan(8)));
        int jsonLength = BinaryPrimitives.ReadInt32LittleEndian(glb.AsSpan(12));
        Assert.Equal(0x4E4F534Au, BinaryPrimitives.ReadUInt32LittleEndian(glb.AsSpan(16)));
        var jsonChunk = glb.AsSpan(20, jsonLength).ToArray();
        int at = 20 + jsonLength;
        int binLength = BinaryPrimitives.ReadInt32LittleEndian(glb.AsSpan(at));
        Assert.Equal(0x004E4942u, BinaryPrimitives.ReadUInt32LittleEndian(glb.AsSpan(at + 4)));
        Assert.Equal(glb.Length, at + 8 + binLength);
        return (JsonNode.Parse(Encoding.UTF8.GetString(jsonChunk))!, jsonChunk, glb.AsSpan(at + 8, binLength).ToArray());
    }

    /// <summary>
    /// Skinned positions [N, 3] of the GLB's skinned mesh as glTF defines them: for each vertex Σ_k w_k · (world matrix
    /// of joint node k × inverse bind matrix k) · p, with the node world matrices from the node TRS hierarchy (the mesh
    /// node's own transform is ignored, as the spec says).
    /// </summary>
    public static float[] Skin(byte[] glb)
    {
        var file = GlbReader.Read(glb, "export.glb");
        var mesh = GltfSkinnedMesh.FromGlb(file);
        var world = file.WorldMatrices();
        var skinNodes = file.Document.Skins[0].Joints;
        var jointMatrices = new Matrix4x4[skinNodes.Length];
        for (int k = 0; k < skinNodes.Length; k++)
        {
            // Row-vector convention (System.Numerics): p' = p · IBM · World.
            jointMatrices[k] = mesh.InverseBindMatrices[k] * world[skinNodes[k]];
        }

        var result = new float[mesh.Positions.Length];
        for (int i = 0; i < mesh.VertexCount; i++)
        {
            var p = new Vector3(mesh.Positions[3 * i], mesh.Positions[(3 * i) + 1], mesh.Positions[(3 * i) + 2]);
            var sum = Vector3.Zero;
            for (int k = 0; k < 4; k++)
            {
                float w = mesh.Weights[(4 * i) + k];
                if (w != 0)
                {
                    sum += w * Vector3.Transform(p, jointMatrices[mesh.Joints[(4 * i) + k]]);
                }
            }

            (result[3 * i], result[(3 * i) + 1], result[(3 * i) + 2]) = (sum.X, sum.Y, sum.Z);
        }

        return result;
    }
}
