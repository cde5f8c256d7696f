using VideoGen.Pipeline.Security;

namespace VideoGen.Pipeline.Tests.Integrations;

public sealed class OutboundAllowListTests
{
    private static OutboundAllowList Make(bool localMode = false, params string[] hosts)
    {
        var options = new OutboundAllowListOptions { AllowLoopbackHttp = localMode };
        foreach (var h in hosts)
        {
            options.AllowedHosts.Add(h);
        }

        return new OutboundAllowList(options);
    }

    private static OutboundUrlRejectedException Rejected(OutboundAllowList list, string url) =>
        Assert.Throws<OutboundUrlRejectedException>(() => list.Check(new Uri(url)));

    [Theory]
    [InlineData("https://cms.contoso.com/hooks/videogen")]
    [InlineData("https://CMS.Contoso.com/hooks")]
    [InlineData("https://cms.contoso.com:443/hooks")]
    [InlineData("https://eu.cognitiveservices.azure.com/")]
    [InlineData("https://a.b.cognitiveservices.azure.com/")]
    [InlineData("https://hooks.example.net:8443/x")]
    [InlineData("https://10.0.0.5/x")]
    public void Check_ListedHttpsUrl_Allows(string url)
    {
        var list = Make(false, "cms.contoso.com", "*.cognitiveservices.azure.com", "hooks.example.net:8443", "10.0.0.5");
        list.Check(new Uri(url));
    }

    [Fact]
    public void Check_UnlistedHost_RejectsNamingHostAndRuleButNotQuery()
    {
        var ex = Rejected(Make(false, "cms.contoso.com"), "https://evil.example.com/hook?sig=SECRET-SIG");
        Assert.Equal("evil.example.com", ex.Host);
        Assert.Equal("host-not-allowed", ex.Rule);
        Assert.Contains("evil.example.com", ex.Message, StringComparison.Ordinal);
        Assert.Contains("host-not-allowed", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-SIG", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WildcardBareSuffix_Rejects() =>
        Assert.Equal("host-not-allowed", Rejected(Make(false, "*.contoso.com"), "https://contoso.com/").Rule);

    [Fact]
    public void Check_SuffixWithoutDotBoundary_Rejects() =>
        Assert.Equal("host-not-allowed", Rejected(Make(false, "*.contoso.com"), "https://evilcontoso.com/").Rule);

    [Fact]
    public void Check_PlainHttpToListedHost_RejectsHttpsRequired() =>
        Assert.Equal("https-required", Rejected(Make(false, "cms.contoso.com"), "http://cms.contoso.com/").Rule);

    [Fact]
    public void Check_LoopbackHttpWithoutLocalMode_RejectsHttpsRequired() =>
        Assert.Equal("https-required", Rejected(Make(false, "127.0.0.1"), "http://127.0.0.1:5000/").Rule);

    [Theory]
    [InlineData("http://127.0.0.1:5000/hook")]
    [InlineData("http://localhost:7071/api")]
    [InlineData("http://[::1]:8080/")]
    public void Check_LoopbackHttpInLocalMode_Allows(string url) => Make(true).Check(new Uri(url));

    [Fact]
    public void Check_NonLoopbackHttpInLocalMode_Rejects() =>
        Assert.Equal("https-required", Rejected(Make(true, "cms.contoso.com"), "http://cms.contoso.com/").Rule);

    [Theory]
    [InlineData("https://user:pass@cms.contoso.com/")]
    [InlineData("https://user@cms.contoso.com/")]
    public void Check_UserInfo_Rejects(string url) => Assert.Equal("userinfo", Rejected(Make(false, "cms.contoso.com"), url).Rule);

    [Fact]
    public void Check_UserInfoOnLoopbackInLocalMode_Rejects() =>
        Assert.Equal("userinfo", Rejected(Make(true), "http://a:b@127.0.0.1:5000/").Rule);

    [Fact]
    public void Check_NonDefaultPortNotListed_Rejects() =>
        Assert.Equal("port-not-allowed", Rejected(Make(false, "cms.contoso.com"), "https://cms.contoso.com:8443/").Rule);

    [Fact]
    public void Check_IpLiteralNotListed_Rejects() =>
        Assert.Equal("ip-literal-not-allowed", Rejected(Make(false, "*.contoso.com"), "https://192.168.1.10/").Rule);

    [Fact]
    public void Check_OtherScheme_Rejects() =>
        Assert.Equal("scheme", Rejected(Make(false, "cms.contoso.com"), "ftp://cms.contoso.com/").Rule);

    [Fact]
    public void Check_RelativeUrl_Rejects() =>
        Assert.Equal("absolute-url-required", Assert.Throws<OutboundUrlRejectedException>(() => Make(false, "a.com").Check(new Uri("/x", UriKind.Relative))).Rule);

    [Theory]
    [InlineData("")]
    [InlineData("https://cms.contoso.com")]
    [InlineData("cms.contoso.com/path")]
    [InlineData("*.10.0.0.1")]
    public void Constructor_MalformedEntry_Throws(string entry)
    {
        Assert.Throws<ArgumentException>(() => Make(false, entry));
        Assert.NotNull(OutboundAllowList.ValidateEntry(entry));
    }
}
