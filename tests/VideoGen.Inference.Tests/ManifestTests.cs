using VideoGen.Inference.ReferenceModels;

namespace VideoGen.Inference.Tests;

public sealed class ManifestTests
{
    [Fact]
    public void WriteAll_ReferenceModels_ManifestRoundTripsWithHashesOfFiles()
    {
        var folder = TempFolder.Create("manifest");
        try
        {
            var manifest = ReferenceModelSet.WriteAll(folder);

            Assert.Equal(3, manifest.Models.Count);
            foreach (var entry in manifest.Models)
            {
                Assert.Equal(ModelManifest.ComputeSha256(File.ReadAllBytes(manifest.ResolvePath(entry))), entry.Sha256);
            }
            var motion = manifest.Get(new ModelKey(MotionGeneratorModel.Name, MotionGeneratorModel.Version));
            Assert.Equal(ModelTier.Interactive, motion.Tier);
            Assert.Equal("frames", motion.BatchDimension);
            Assert.Equal(TensorDim.Named("product_height"), motion.Inputs[0].Shape[2]);
            Assert.Equal(TensorDim.Fixed(4), motion.Inputs[0].Shape[1]);
            Assert.Equal(ModelTier.Batch, manifest.Get(new ModelKey(UpsamplerModel.Name, UpsamplerModel.Version)).Tier);
            Assert.Equal(manifest.ToJson(), ModelManifest.Parse(manifest.ToJson(), folder).ToJson());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void WriteAll_Twice_SameHashes()
    {
        var first = TempFolder.Create("a");
        var second = TempFolder.Create("b");
        try
        {
            var a = ReferenceModelSet.WriteAll(first).Models.Select(m => m.Sha256);
            var b = ReferenceModelSet.WriteAll(second).Models.Select(m => m.Sha256);
            Assert.Equal(a, b);
        }
        finally
        {
            Directory.Delete(first, recursive: true);
            Directory.Delete(second, recursive: true);
        }
    }

    [Fact]
    public void Get_UnknownVersion_NamesListedVersions()
    {
        var manifest = ModelManifest.Parse(Json(sha: new string('a', 64)), "/models");

        var error = Assert.Throws<ModelManifestException>(() => manifest.Get(new ModelKey("doubler", "9.9")));

        Assert.Contains("1.0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-hash")]
    [InlineData("ABCDEF0000000000000000000000000000000000000000000000000000000000")]
    public void Parse_MalformedSha256_Throws(string sha)
    {
        var error = Assert.Throws<ModelManifestException>(() => ModelManifest.Parse(Json(sha), "/models"));

        Assert.Contains("doubler@1.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BatchDimensionMissingFromOutput_Throws()
    {
        var json = Json(new string('a', 64)).Replace("\"outputs\": [{ \"name\": \"y\", \"elementType\": \"float32\", \"shape\": [\"n\"]", "\"outputs\": [{ \"name\": \"y\", \"elementType\": \"float32\", \"shape\": [4]", StringComparison.Ordinal);

        var error = Assert.Throws<ModelManifestException>(() => ModelManifest.Parse(json, "/models"));

        Assert.Contains("output 'y'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotJson_ThrowsManifestException()
    {
        Assert.Throws<ModelManifestException>(() => ModelManifest.Parse("{ models: ", "/models"));
    }

    [Fact]
    public void Parse_DuplicateEntry_Throws()
    {
        var entry = Json(new string('a', 64));
        var doubled = entry.Replace("\"models\": [", "\"models\": [" + ExtractEntry(entry) + ",", StringComparison.Ordinal);

        var error = Assert.Throws<ModelManifestException>(() => ModelManifest.Parse(doubled, "/models"));

        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_NamesPath()
    {
        var error = Assert.Throws<ModelManifestException>(() => ModelManifest.Load("/nonexistent/models.json"));

        Assert.Contains("/nonexistent/models.json", error.Message, StringComparison.Ordinal);
    }

    internal static string Json(string sha, string file = "doubler.onnx") => $$"""
        {
          "schemaVersion": 1,
          "models": [{ "name": "doubler", "version": "1.0", "file": "{{file}}", "sha256": "{{sha}}", "tier": "batch", "batchDimension": "n",
            "inputs": [{ "name": "x", "elementType": "float32", "shape": ["n"] }],
            "outputs": [{ "name": "y", "elementType": "float32", "shape": ["n"] }] }]
        }
        """;

    private static string ExtractEntry(string json)
    {
        var start = json.IndexOf("{ \"name\": \"doubler\"", StringComparison.Ordinal);
        var end = json.LastIndexOf("}]", StringComparison.Ordinal);
        return json[start..end] + "}";
    }
}
