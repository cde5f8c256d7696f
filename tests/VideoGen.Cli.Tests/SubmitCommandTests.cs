using System.Text.Json;
using VideoGen.Cli.Tests.Fakes;

namespace VideoGen.Cli.Tests;

public sealed class SubmitCommandTests(FakeFunctionApp app) : IClassFixture<FakeFunctionApp>
{
    [Fact]
    public async Task Submit_BriefFolder_PostsBriefAndImageAndPrintsInstance()
    {
        using var brief = new TempBrief("folder1");

        var result = await CliRunner.RunAsync(app, "submit", brief.Folder);

        Assert.True(result.ExitCode == 0, result.ToString());
        var id = Assert.Single(app.Instances.Keys, k => k.StartsWith("contoso-folder1-", StringComparison.Ordinal));
        Assert.Contains($"instance {id}", result.Out);
        Assert.Contains($"/api/durabletask/instances/{id}", result.Out);
        var upload = Assert.Single(app.Submissions, s => s.Brief.Contains("folder1", StringComparison.Ordinal));
        Assert.Equal(("product.png", "image/png", (long)TempBrief.Png.Length), (upload.ImageName, upload.ImageType, upload.ImageLength));
        Assert.Equal(File.ReadAllText(brief.BriefPath), upload.Brief);
    }

    [Fact]
    public async Task Submit_ExplicitFiles_PostsThemWithTheBriefsImageName()
    {
        using var brief = new TempBrief("files1");
        var renamed = Path.Combine(brief.Folder, "other-name.png");
        File.Move(brief.ImagePath, renamed);

        var result = await CliRunner.RunAsync(app, "submit", brief.BriefPath, renamed);

        Assert.True(result.ExitCode == 0, result.ToString());
        var upload = Assert.Single(app.Submissions, s => s.Brief.Contains("files1", StringComparison.Ordinal));
        Assert.Equal("product.png", upload.ImageName);
    }

    [Fact]
    public async Task Submit_JsonOption_PrintsCheckStatusPayload()
    {
        using var brief = new TempBrief("json1");

        var result = await CliRunner.RunAsync(app, "submit", brief.Folder, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        Assert.StartsWith("contoso-json1-", doc.RootElement.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.True(doc.RootElement.TryGetProperty("terminatePostUri", out _));
    }

    [Fact]
    public async Task Submit_MissingImage_Exits2AndPostsNothing()
    {
        using var brief = new TempBrief("noimage1", writeImage: false);

        var result = await CliRunner.RunAsync(app, "submit", brief.Folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("product.png", result.Err);
        Assert.Contains("does not exist", result.Err);
        Assert.DoesNotContain(app.Submissions, s => s.Brief.Contains("noimage1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_InvalidBriefJson_Exits2AndPostsNothing()
    {
        using var brief = new TempBrief(briefJson: """{"briefId": "broken1", "productImage": "product.png",""");
        var before = app.Requests.Count;

        var result = await CliRunner.RunAsync(app, "submit", brief.Folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not valid JSON", result.Err);
        Assert.Equal(before, app.Requests.Count);
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Fact]
    public async Task Submit_BriefWithoutProductImage_Exits2NamingTheField()
    {
        using var brief = new TempBrief(briefJson: """{"briefId": "noname1"}""");

        var result = await CliRunner.RunAsync(app, "submit", brief.Folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("productImage", result.Err);
    }

    [Fact]
    public async Task Submit_OversizedBrief_Exits2WithTheLimit()
    {
        using var brief = new TempBrief(briefJson: "{\"productImage\": \"product.png\", \"pad\": \"" + new string('x', 70 * 1024) + "\"}");

        var result = await CliRunner.RunAsync(app, "submit", brief.Folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("64 KiB", result.Err);
    }

    [Fact]
    public async Task Submit_OversizedImage_Exits2WithTheLimit()
    {
        using var brief = new TempBrief("bigimage1");
        using (var image = File.OpenWrite(brief.ImagePath))
        {
            image.SetLength((10 * 1024 * 1024) + 1);
        }

        var result = await CliRunner.RunAsync(app, "submit", brief.Folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("10 MiB", result.Err);
        Assert.DoesNotContain(app.Submissions, s => s.Brief.Contains("bigimage1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_ImageThatIsNotPng_Exits2()
    {
        using var brief = new TempBrief("notpng1");
        File.WriteAllText(brief.ImagePath, "hello");

        var result = await CliRunner.RunAsync(app, "submit", brief.Folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a PNG", result.Err);
    }

    [Fact]
    public async Task Submit_ServerRejectsBrief_Exits2WithCodeMessageAndField()
    {
        using var brief = new TempBrief(briefJson: """{"briefId": "zero1", "productImage": "product.png", "durationSeconds": 0}""");

        var result = await CliRunner.RunAsync(app, "submit", brief.Folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("HTTP 400", result.Err);
        Assert.Contains("invalid-brief: durationSeconds must be between 1 and 60 (field /durationSeconds)", result.Err);
    }

    [Fact]
    public async Task Submit_SeveralFoldersOneBroken_PostsNone()
    {
        using var good = new TempBrief("multi-good1");
        using var bad = new TempBrief("multi-bad1", writeImage: false);

        var result = await CliRunner.RunAsync(app, "submit", good.Folder, bad.Folder);

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain(app.Submissions, s => s.Brief.Contains("multi-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_SeveralFolders_PostsEach()
    {
        using var first = new TempBrief("several-a");
        using var second = new TempBrief("several-b");

        var result = await CliRunner.RunAsync(app, "submit", first.Folder, second.Folder);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(app.Submissions, s => s.Brief.Contains("several-a", StringComparison.Ordinal));
        Assert.Contains(app.Submissions, s => s.Brief.Contains("several-b", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_MissingPath_Exits2()
    {
        var result = await CliRunner.RunAsync(app, "submit", Path.Combine(Path.GetTempPath(), "no-such-brief-folder-x"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.Err);
    }

    [Fact]
    public async Task Submit_WatchOption_FollowsTheRunToCompleted()
    {
        using var brief = new TempBrief("watch1");

        var result = await CliRunner.RunAsync(app, "submit", brief.Folder, "--watch", "--interval", "1ms");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Completed.", result.Out);
    }
}
