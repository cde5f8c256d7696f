using VideoGen.Pipeline.Briefs;
using VideoGen.Pipeline.Policy;

namespace VideoGen.Pipeline.Tests.Briefs;

public sealed class SampleBriefTests
{
    [Theory]
    [InlineData("launch-16x9")]
    [InlineData("social-9x16")]
    public void Parse_Sample_IsValidAndNamedAfterItsFolder(string sample)
    {
        Brief brief = BriefParser.Parse(SampleFiles.Read(sample, "brief.json"));

        Assert.Equal("contoso", brief.Tenant);
        Assert.Equal(sample, brief.BriefId);
        Assert.Equal(brief.DurationSeconds, brief.Shots.Sum(s => s.DurationSeconds), 3);
    }

    [Fact]
    public void Parse_LaunchSample_HasTheDocumentedShape()
    {
        Brief brief = BriefParser.Parse(SampleFiles.Read("launch-16x9", "brief.json"));

        Assert.Equal(BriefTemplate.ProductLaunch, brief.Template);
        Assert.Equal(AspectRatio.Landscape16x9, brief.AspectRatio);
        Assert.Equal(15, brief.DurationSeconds);
        Assert.Equal(3, brief.Shots.Count);
        Assert.Equal(CameraMove.PushIn, brief.Shots[0].Camera.Move);
        Assert.Equal(["#dff3ef", "#9fd8cf", "#f46036"], brief.Shots[0].Palette);
        Assert.Equal(1234u, brief.Shots[0].Seed);
        Assert.True(brief.CmsCallback!.Url is { Scheme: "http", IsLoopback: true }, brief.CmsCallback.Url.ToString());
    }

    [Fact]
    public void Parse_SocialSample_HasTheDocumentedShape()
    {
        Brief brief = BriefParser.Parse(SampleFiles.Read("social-9x16", "brief.json"));

        Assert.Equal(BriefTemplate.Social, brief.Template);
        Assert.Equal(AspectRatio.Portrait9x16, brief.AspectRatio);
        Assert.Equal(8, brief.DurationSeconds);
        Assert.Null(brief.CmsCallback);
        Assert.Null(brief.Shots[1].Palette);
    }

    [Theory]
    [InlineData("launch-16x9")]
    [InlineData("social-9x16")]
    public void Inspect_SampleProductImage_IsTransparentPngWithinLimits(string sample)
    {
        byte[] png = SampleFiles.Read(sample, "product.png");

        ProductImageInfo info = ProductImageInspector.Inspect(png);

        Assert.Equal(new ProductImageInfo("png", 512, 512, HasAlpha: true), info);
        Assert.True(png.Length < 200 * 1024, $"{sample}/product.png is {png.Length} bytes");
    }

    [Theory]
    [InlineData("launch-16x9")]
    [InlineData("social-9x16")]
    public void Screen_Sample_IsAllowedByTheDefaultPolicy(string sample)
    {
        Brief brief = BriefParser.Parse(SampleFiles.Read(sample, "brief.json"));

        PolicyDecision decision = PolicyEngine.Screen(brief, PromptPolicy.Default);

        Assert.True(decision.Verdict == PolicyVerdict.Allow, string.Join(" | ", decision.Findings));
        Assert.Empty(decision.Findings);
    }
}
