using VideoGen.Contracts;

namespace VideoGen.Contracts.Tests;

public sealed class BlobLayoutTests
{
    [Theory]
    [InlineData("acme")]
    [InlineData("acme-retail-01")]
    [InlineData("a1b")]
    public void Parse_ValidTenant_RoundTrips(string value) => Assert.Equal(value, TenantId.Parse(value).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("Acme")]
    [InlineData("-acme")]
    [InlineData("acme-")]
    [InlineData("ac--me")]
    [InlineData("acme/other")]
    [InlineData("../etc")]
    public void Parse_InvalidTenant_ThrowsNamingTheValue(string value)
    {
        var ex = Assert.Throws<FormatException>(() => TenantId.Parse(value));
        Assert.Contains("Tenant id", ex.Message);
        Assert.False(TenantId.TryParse(value, out _));
    }

    [Fact]
    public void BriefPath_StartsWithTenant()
        => Assert.Equal("acme/brief-42/brief.json", BlobLayout.BriefPath(TenantId.Parse("acme"), "brief-42"));

    [Fact]
    public void ParseUploadPath_ValidPath_ReturnsParts()
    {
        (TenantId tenant, string briefId, string file) = BlobLayout.ParseUploadPath("acme/b1/product.png");
        Assert.Equal(("acme", "b1", "product.png"), (tenant.Value, briefId, file));
    }

    [Theory]
    [InlineData("acme/b1")]
    [InlineData("acme/b1/x/y.png")]
    [InlineData("acme/../product.png")]
    [InlineData("acme/b 1/product.png")]
    [InlineData("ACME/b1/product.png")]
    public void ParseUploadPath_Malformed_Throws(string path) => Assert.Throws<FormatException>(() => BlobLayout.ParseUploadPath(path));

    [Fact]
    public void PublishedPath_RejectsTraversalSegments()
        => Assert.Throws<FormatException>(() => BlobLayout.PublishedPath(TenantId.Parse("acme"), "b1", "..", "video.mp4"));
}
