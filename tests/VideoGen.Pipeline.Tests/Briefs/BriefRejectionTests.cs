using System.Text;
using System.Text.Json;
using VideoGen.Pipeline.Briefs;

namespace VideoGen.Pipeline.Tests.Briefs;

public sealed class BriefRejectionTests
{
    [Fact]
    public void ToUtf8Json_RejectionOfInvalidBrief_RoundTripsWithEveryError()
    {
        var e = Assert.Throws<BriefValidationException>(() => BriefParser.Parse("""{"schemaVersion":"1.0"}"""u8));
        var at = new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero);

        BriefRejection rejection = BriefRejection.From("contoso/x/brief.json", e, at);
        byte[] json = rejection.ToUtf8Json();
        BriefRejection again = BriefRejection.FromUtf8Json(json);

        Assert.Equal(("contoso/x/brief.json", "brief.invalid", at), (again.BlobPath, again.Code, again.RejectedAt));
        Assert.Equal(e.Errors, again.Errors);
        using JsonDocument doc = JsonDocument.Parse(json);
        Assert.Equal("/tenant", doc.RootElement.GetProperty("errors")[0].GetProperty("pointer").GetString());
        Assert.Contains("\"rejectedAt\": \"2026-12-01T20:00:00+00:00\"", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Fact]
    public void PathFor_Upload_IsBesideIt() =>
        Assert.Equal("contoso/launch/brief.json.rejected.json", BriefRejection.PathFor("contoso/launch/brief.json"));

    [Fact]
    public void BriefValidationException_NoErrors_Throws() =>
        Assert.Throws<ArgumentException>(() => new BriefValidationException([]));
}
