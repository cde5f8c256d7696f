using VideoGen.Pipeline.Approvals;
using static VideoGen.Pipeline.Tests.Trust.TrustTestData;

namespace VideoGen.Pipeline.Tests.Trust;

public sealed class ApprovalPageTests
{
    private const string Hostile = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>&";

    private static readonly ApprovalGrant Grant = new(TenantA, "inst-1", Hostile + "@example.com", "round-1", Now.AddDays(3), "AAAAAAAAAAAAAAAAAAAAAA");

    [Fact]
    public void RenderConfirmation_HostileStrings_AreEncoded()
    {
        var context = new ApprovalContext(
            Hostile, new Uri("https://media.example.com/p.mp4?sig=a\"b"), new Uri("https://thumbs.example.com/t.jpg"), [Hostile]);

        string html = new ApprovalPage().RenderConfirmation(Grant, context, "tok\"en");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("tok\"en", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Content-Security-Policy", html, StringComparison.Ordinal);
        Assert.Contains("default-src &#39;none&#39;", html, StringComparison.Ordinal);
        Assert.Contains("media-src https://media.example.com", html, StringComparison.Ordinal);
        Assert.Contains("img-src https://thumbs.example.com", html, StringComparison.Ordinal);
        Assert.Contains("value=\"approve\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"reject\"", html, StringComparison.Ordinal);
        Assert.Contains("<textarea", html, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderConfirmation_JavascriptUrl_Throws()
    {
        var context = new ApprovalContext("t", new Uri("javascript:alert(1)"), null, []);

        Assert.Throws<ArgumentException>(() => new ApprovalPage().RenderConfirmation(Grant, context, "token"));
    }

    [Fact]
    public void RenderResult_HostileFeedback_IsEncoded()
    {
        var decision = new ApprovalDecision(Hostile, ApprovalDecisionKind.Reject, Hostile, [1, 2], Now, "round-1");

        string html = new ApprovalPage().RenderResult(Grant, decision);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Rejected", html, StringComparison.Ordinal);
        Assert.Contains("1, 2", html, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderError_EveryReason_HasItsOwnSentence()
    {
        var page = new ApprovalPage();
        ApprovalTokenFailure[] reasons = Enum.GetValues<ApprovalTokenFailure>();

        string[] pages = reasons.Select(r => page.RenderError(new ApprovalTokenException(r, Hostile))).ToArray();

        Assert.Equal(reasons.Length, reasons.Select(ApprovalPage.Explain).Distinct().Count());
        Assert.All(pages, p => Assert.DoesNotContain("<script", p, StringComparison.OrdinalIgnoreCase));
        Assert.All(reasons.Zip(pages), x => Assert.Contains(System.Net.WebUtility.HtmlEncode(ApprovalPage.Explain(x.First)), x.Second, StringComparison.Ordinal));
    }
}
