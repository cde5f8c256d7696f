using System.Text.Json.Nodes;
using Microsoft.Playwright;
using VideoGen.EndToEnd.Tests.Infrastructure;

namespace VideoGen.EndToEnd.Tests;

/// <summary>A reviewer in a real browser (Debian's Chromium driven by Playwright): open the link, watch, click Approve.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ReviewPageBrowserTests(PipelineFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly PipelineHost _pipeline = new(fixture, new Dictionary<string, string> { ["VideoGen__Run__AlwaysReview"] = "true" });

    public Task InitializeAsync() => _pipeline.StartAsync();

    public async Task DisposeAsync() => await _pipeline.DisposeAsync();

    [Fact]
    public async Task Reviewer_OpensTheLinkInChromium_SeesThePreview_ClicksApprove_RunPublishes()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install the Debian package 'chromium' (test.sh's bootstrap does)");
        (JsonObject brief, byte[] image) = _pipeline.Sample("social-9x16", "browser");
        string id = await _pipeline.SubmitAsync(brief, image);
        JsonObject waiting = await _pipeline.WaitAsync(id, s => PipelineHost.Stage(s) == "approve", what: "the review");
        string link = waiting["customStatus"]!["approvalLinks"]!.AsObject().First(kv => kv.Key.Contains('@')).Value!.GetValue<string>();

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        IPage page = await browser.NewPageAsync();
        IResponse? opened = await page.GotoAsync(link);
        Assert.Equal(200, opened!.Status);
        Assert.Contains(brief["title"]!.GetValue<string>(), await page.ContentAsync());
        Assert.True(await page.Locator("video").CountAsync() == 1, "the page shows the preview video");
        string shot = Path.Combine(Path.GetTempPath(), $"review-page-{Guid.NewGuid():N}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        output.WriteLine($"screenshot: {shot}");
        Assert.Equal("approve", PipelineHost.Stage(await _pipeline.StatusAsync(id))); // opening the page decided nothing

        await page.FillAsync("#feedback", "Looks great");
        // Wait for the form's POST itself (not a load state, which can race the navigation the click starts), with
        // room for a loaded machine; its page says what was decided.
        IResponse decided = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("button[value=approve]"),
            r => r.Request.Method == "POST",
            new PageRunAndWaitForResponseOptions { Timeout = 120_000 });
        Assert.Equal(200, decided.Status);
        Assert.Contains("Approved", await decided.TextAsync());
        JsonObject done = await _pipeline.WaitForEndAsync(id);

        Assert.Equal("published", done["output"]!["outcome"]!.GetValue<string>());
        Assert.Equal("human", done["output"]!["approval"]!["mode"]!.GetValue<string>());
    }
}
