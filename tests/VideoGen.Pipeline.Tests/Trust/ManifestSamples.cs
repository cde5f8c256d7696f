using VideoGen.Pipeline.Provenance;
using static VideoGen.Pipeline.Tests.Trust.TrustTestData;

namespace VideoGen.Pipeline.Tests.Trust;

internal static class ManifestSamples
{
    public static ProvenanceManifest Small(string videoHash = "00", string thumbnailHash = "11", bool reverseMaps = false)
    {
        var scores = new Dictionary<string, double> { ["violence"] = 0.01, ["hate"] = 0, ["sexual"] = 1.5e-7 };
        var metrics = new Dictionary<string, double> { ["flicker"] = 0.125, ["fidelity"] = 0.97 };
        var costs = new Dictionary<string, decimal> { ["gpu"] = 1.50m, ["encode"] = 0.02m };
        if (reverseMaps)
        {
            scores = scores.Reverse().ToDictionary();
            metrics = metrics.Reverse().ToDictionary();
            costs = costs.Reverse().ToDictionary();
        }

        return new ProvenanceManifest(
            ProvenanceManifest.CurrentFormatVersion,
            TenantA,
            "brief-1",
            "inst-1",
            1,
            new DateTimeOffset(2026, 12, 1, 13, 0, 0, TimeSpan.FromHours(1)).AddTicks(1234567),
            [new ManifestInput("brief.json", "aa", 120), new ManifestInput("product.png", "bb", 4096)],
            [new ManifestChunk(0, "tenant-a/inst-1/chunk-000.rgb", "cc", 24)],
            [new ManifestOutput(ProvenanceManifest.VideoOutputName, OutputHashMethod.MediaStreams, videoHash),
             new ManifestOutput(ProvenanceManifest.ThumbnailOutputName, OutputHashMethod.File, thumbnailHash)],
            [new ManifestPrompt("shot-1", "A \"red\" sneaker\non a rock, café ☕ \u0001")],
            [new ManifestModel("motion", "1.0.0", "dd")],
            [new ManifestFfmpegStep("encode", ["-c:v", "libx264", "-crf", "18"])],
            new ManifestSafety(scores, "pass", "policy-3"),
            new ManifestQa(metrics),
            [new ManifestApproval("reviewer@example.com", "Approve", Now, "round-1")],
            new ManifestCost("USD", 1.520m, 0.1013m, costs),
            null);
    }
}
