using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VideoGen.Contracts;
using VideoGen.Pipeline.Briefs;
using VideoGen.Pipeline.Workflow;
using VideoGen.Pipeline.Workflow.Activities;

namespace VideoGen.Pipeline.Tests.Generation;

/// <summary>Briefs, run inputs and activities wired to a test's own containers and queues.</summary>
internal static class GenerationTestData
{
    public const string Tenant = "contoso";

    public static Brief Brief(
        string briefId = "launch-16x9",
        AspectRatio aspect = AspectRatio.Landscape16x9,
        IReadOnlyList<Shot>? shots = null,
        Brand? brand = null,
        string productImage = "product.png")
    {
        shots ??=
        [
            new Shot("reveal", 1, "A teal bottle rises out of mist", new Camera(CameraMove.PushIn, 0.6), ["#dff3ef", "#9fd8cf", "#f46036"], 1234),
            new Shot("detail", 1, "Slow orbit around the bottle", new Camera(CameraMove.Orbit, 0.5)),
        ];
        brand ??= new Brand([new Caption("Meet Contoso Spring", 0.25, 1.5)], "Contoso", "#1b998b");
        return new Brief("1.0", Tenant, briefId, "Contoso Spring", BriefTemplate.ProductLaunch, productImage, aspect,
            shots.Sum(s => s.DurationSeconds), 24, shots, brand, [new Approver("lead@contoso.example")]);
    }

    public static BriefRunInput Run(string container, Brief brief, string etag = "0x8DC0FFEE") =>
        new(brief.Tenant, brief.BriefId, container, $"{brief.Tenant}/{brief.BriefId}/brief.json",
            $"http://127.0.0.1/{container}/{brief.Tenant}/{brief.BriefId}/brief.json", etag, DateTimeOffset.UnixEpoch);

    public static string InstanceId(BriefRunInput run) =>
        WorkflowNames.RunInstanceId(TenantId.Parse(run.Tenant), run.BriefId, run.BlobUrl, run.ETag);

    /// <summary>Uploads <paramref name="image"/> as the brief's product photo and returns the validated brief.</summary>
    public static async Task<ValidatedBrief> UploadAsync(BlobServiceClient blobs, string container, Brief brief, byte[] image)
    {
        BlobContainerClient uploads = blobs.GetBlobContainerClient(container);
        await uploads.CreateIfNotExistsAsync();
        string path = $"{brief.Tenant}/{brief.BriefId}/{brief.ProductImage}";
        await uploads.GetBlobClient(path).UploadAsync(BinaryData.FromBytes(image), overwrite: true);
        return new ValidatedBrief(brief, ProductImageInspector.Inspect(image), path, new string('0', 64), Convert.ToHexStringLower(SHA256.HashData(image)));
    }

    public static byte[] SamplePng(string briefFolder) =>
        File.ReadAllBytes(System.IO.Path.Combine(RepoRoot.Path, "samples", "briefs", briefFolder, "product.png"));

    public static IOptions<GenerationOptions> Options(string workContainer, string queuePrefix = "") =>
        Microsoft.Extensions.Options.Options.Create(new GenerationOptions { WorkContainer = workContainer, QueueNamePrefix = queuePrefix });

    public static PrepareAssets Prepare(BlobServiceClient blobs, IOptions<GenerationOptions> options) =>
        new(blobs, options, NullLogger<PrepareAssets>.Instance);

    public static SubmitChunkJob Submit(QueueServiceClient queues, IOptions<GenerationOptions> options) =>
        new(queues, options, NullLogger<SubmitChunkJob>.Instance);

    public static AssembleClip Assemble(BlobServiceClient blobs, IOptions<GenerationOptions> options) =>
        new(blobs, options, NullLogger<AssembleClip>.Instance);
}
