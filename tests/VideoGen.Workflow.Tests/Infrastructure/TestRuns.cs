using VideoGen.Contracts;
using VideoGen.Pipeline.Briefs;
using VideoGen.Pipeline.Workflow;

namespace VideoGen.Workflow.Tests;

/// <summary>Briefs, run inputs and settings for the workflow tests.</summary>
public static class TestRuns
{
    /// <summary>The tenant of every test run.</summary>
    public const string Tenant = "contoso";

    /// <summary>The reviewer the test brief names.</summary>
    public const string Reviewer = "reviewer@contoso.example";

    /// <summary>
    /// Settings for a test: timers that a passing test never reaches (they are hang guards, not waits), so a decision
    /// or a chunk result raised a little late on a busy machine never races them. Tests of the timers shorten them.
    /// </summary>
    public static RunSettings Settings(bool alwaysReview = false) => new()
    {
        ApprovalTimeout = TimeSpan.FromMinutes(5),
        ChunkDeadline = TimeSpan.FromMinutes(5),
        MaxChunkAttempts = 3,
        MaxRerenders = 2,
        AlwaysReview = alwaysReview,
        PublicBaseUrl = "http://127.0.0.1:7071",
    };

    /// <summary>
    /// A valid product-launch brief: 6 s at 24 fps, two shots, one reviewer, a CMS callback. The default chunk plan
    /// (48 frames overlapping by 8) cuts its 144 frames into 4 chunks.
    /// </summary>
    public static Brief Brief(string briefId = "launch") => new(
        "1.0", Tenant, briefId, "Aurora lamp launch", BriefTemplate.ProductLaunch, "product.png", AspectRatio.Landscape16x9, 6, 24,
        [
            new Shot("s1", 3, "a desk lamp on a walnut desk at dusk", new Camera(CameraMove.PushIn, 0.4)),
            new Shot("s2", 3, "the lamp glowing, close-up", new Camera(CameraMove.Orbit, 0.3)),
        ],
        new Brand(WatermarkText: "Contoso"),
        [new Approver(Reviewer, "Rae Viewer")],
        new CmsCallback(new Uri("https://cms.contoso.example/hooks/videogen")));

    /// <summary>Chunks in <see cref="Brief"/>'s plan.</summary>
    public static int ChunkCount => ChunkPlanner.Plan(Brief()).Chunks.Count;

    /// <summary>A run input for a fresh upload of a brief, and the instance id ingestion would give it.</summary>
    public static (string InstanceId, BriefRunInput Input) NewRun(string briefId = "launch")
    {
        string etag = Guid.NewGuid().ToString("N");
        string path = $"{Tenant}/{briefId}/brief.json";
        string url = $"http://127.0.0.1:10000/devstoreaccount1/{BlobLayout.CmsUploadsContainer}/{path}";
        var input = new BriefRunInput(Tenant, briefId, BlobLayout.CmsUploadsContainer, path, url, etag, DateTimeOffset.UtcNow);
        return (WorkflowNames.RunInstanceId(TenantId.Parse(Tenant), briefId, url, etag), input);
    }
}
