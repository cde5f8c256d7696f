using System.Text.Json;
using VideoGen.Pipeline.Briefs;

namespace VideoGen.Pipeline.Tests.Briefs;

public sealed class BriefSchemaTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(BriefSchema.Text).RootElement;

    [Fact]
    public void Schema_IsDraft2020_12WithVersionConst()
    {
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", Schema.GetProperty("$schema").GetString());
        Assert.Equal(BriefParser.SchemaVersion, Schema.GetProperty("properties").GetProperty("schemaVersion").GetProperty("const").GetString());
    }

    [Fact]
    public void Schema_NumericLimits_MatchBriefLimits()
    {
        JsonElement props = Schema.GetProperty("properties");
        JsonElement shot = Schema.GetProperty("$defs").GetProperty("shot").GetProperty("properties");

        Assert.Equal(BriefLimits.MinDurationSeconds, props.GetProperty("durationSeconds").GetProperty("minimum").GetDouble());
        Assert.Equal(BriefLimits.MaxDurationSeconds, props.GetProperty("durationSeconds").GetProperty("maximum").GetDouble());
        Assert.Equal(BriefLimits.MinShots, props.GetProperty("shots").GetProperty("minItems").GetInt32());
        Assert.Equal(BriefLimits.MaxShots, props.GetProperty("shots").GetProperty("maxItems").GetInt32());
        Assert.Equal(BriefLimits.MinApprovers, props.GetProperty("approvers").GetProperty("minItems").GetInt32());
        Assert.Equal(BriefLimits.MaxApprovers, props.GetProperty("approvers").GetProperty("maxItems").GetInt32());
        Assert.Equal(BriefLimits.MaxTitleLength, props.GetProperty("title").GetProperty("maxLength").GetInt32());
        Assert.Equal(BriefLimits.MinShotSeconds, shot.GetProperty("durationSeconds").GetProperty("minimum").GetDouble());
        Assert.Equal(BriefLimits.MaxShotSeconds, shot.GetProperty("durationSeconds").GetProperty("maximum").GetDouble());
        Assert.Equal(BriefLimits.MaxPromptLength, shot.GetProperty("prompt").GetProperty("maxLength").GetInt32());
        JsonElement brand = Schema.GetProperty("$defs").GetProperty("brand").GetProperty("properties");
        Assert.Equal(BriefLimits.MaxCaptions, brand.GetProperty("captions").GetProperty("maxItems").GetInt32());
        Assert.Equal(BriefLimits.MaxCaptionLength, brand.GetProperty("captions").GetProperty("items").GetProperty("properties").GetProperty("text").GetProperty("maxLength").GetInt32());
        Assert.Equal(BriefLimits.MaxWatermarkLength, brand.GetProperty("watermarkText").GetProperty("maxLength").GetInt32());
    }

    [Fact]
    public void Schema_Enums_MatchTheRecordEnums()
    {
        JsonElement props = Schema.GetProperty("properties");

        Assert.Equal(Enum.GetValues<BriefTemplate>().Select(WireName), props.GetProperty("template").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Enum.GetValues<AspectRatio>().Select(WireName), props.GetProperty("aspectRatio").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        JsonElement move = Schema.GetProperty("$defs").GetProperty("shot").GetProperty("properties").GetProperty("camera").GetProperty("properties").GetProperty("move");
        Assert.Equal(Enum.GetValues<CameraMove>().Select(WireName), move.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Serialize_ParsedSample_RoundTripsThroughTheWireContract()
    {
        Brief brief = BriefParser.Parse(SampleFiles.Read("launch-16x9", "brief.json"));

        byte[] json = JsonSerializer.SerializeToUtf8Bytes(brief, BriefJson.Options);
        Brief again = BriefParser.Parse(json);

        Assert.Equal(JsonSerializer.Serialize(brief, BriefJson.Options), JsonSerializer.Serialize(again, BriefJson.Options));
        Assert.Contains("\"aspectRatio\":\"16:9\"", System.Text.Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    private static string? WireName<T>(T value)
        where T : struct, Enum => JsonSerializer.Serialize(value, BriefJson.Options).Trim('"');
}
