using System.Text;
using System.Text.Json.Nodes;
using VideoGen.Pipeline.Briefs;

namespace VideoGen.Pipeline.Tests.Briefs;

public sealed class BriefParserLimitTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(60.0)]
    public void Parse_TotalDurationAtLimit_Succeeds(double total)
    {
        double[] shots = total == 1.0 ? [1.0] : [20, 20, 20];

        Brief brief = TestBriefs.Parse(TestBriefs.WithShots(total, shots));

        Assert.Equal(total, brief.DurationSeconds);
    }

    [Theory]
    [InlineData(0.99, "minimum", "1")]
    [InlineData(60.01, "maximum", "60")]
    public void Parse_TotalDurationPastLimit_FailsAtDurationSeconds(double total, string rule, string limit)
    {
        JsonObject brief = TestBriefs.WithShots(total, total > 30 ? [20, 20, 20.01] : [0.99]);

        BriefValidationError error = TestBriefs.Single(TestBriefs.Errors(brief), "/durationSeconds", rule);

        Assert.Equal(limit, error.Limit);
    }

    [Theory]
    [InlineData(0.5, true)]
    [InlineData(0.49, false)]
    [InlineData(20.0, true)]
    [InlineData(20.01, false)]
    public void Parse_ShotDurationAtAndPastLimit_AcceptedOnlyWithin(double shot, bool valid)
    {
        JsonObject brief = TestBriefs.WithShots(shot + 1, shot, 1);

        if (valid)
        {
            Assert.Equal(shot, TestBriefs.Parse(brief).Shots[0].DurationSeconds);
        }
        else
        {
            BriefValidationError error = TestBriefs.Single(TestBriefs.Errors(brief), "/shots/0/durationSeconds", shot < 1 ? "minimum" : "maximum");
            Assert.Equal(shot < 1 ? "0.5" : "20", error.Limit);
        }
    }

    [Fact]
    public void Parse_TwelveShots_Succeeds() =>
        Assert.Equal(12, TestBriefs.Parse(TestBriefs.WithShots(12, Enumerable.Repeat(1.0, 12).ToArray())).Shots.Count);

    [Fact]
    public void Parse_ThirteenShots_FailsWithMaxItems()
    {
        BriefValidationError error = TestBriefs.Single(TestBriefs.Errors(TestBriefs.WithShots(13, Enumerable.Repeat(1.0, 13).ToArray())), "/shots", "maxItems");

        Assert.Equal("12", error.Limit);
    }

    [Fact]
    public void Parse_NoShots_FailsWithMinItems() =>
        TestBriefs.Single(TestBriefs.Errors(TestBriefs.WithShots(1)), "/shots", "minItems");

    [Theory]
    [InlineData(10.05, true)]
    [InlineData(9.95, true)]
    [InlineData(10.06, false)]
    [InlineData(9.94, false)]
    public void Parse_ShotSumWithinAndPastTolerance_AcceptedOnlyWithin(double total, bool valid)
    {
        JsonObject brief = TestBriefs.WithShots(total, 4, 6);

        if (valid)
        {
            Assert.Equal(total, TestBriefs.Parse(brief).DurationSeconds);
        }
        else
        {
            BriefValidationError error = TestBriefs.Single(TestBriefs.Errors(brief), "/durationSeconds", "durationSum");
            Assert.Equal("±0.05 s", error.Limit);
            Assert.Contains("add up to 10 s", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    public void Parse_PromptLengthAtAndPastLimit_AcceptedOnlyWithin(int length, bool valid)
    {
        JsonObject brief = TestBriefs.Valid();
        brief["shots"]![1]!["prompt"] = new string('a', length);

        if (valid)
        {
            Assert.Equal(length, TestBriefs.Parse(brief).Shots[1].Prompt.Length);
        }
        else
        {
            Assert.Equal("1000", TestBriefs.Single(TestBriefs.Errors(brief), "/shots/1/prompt", "maxLength").Limit);
        }
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public void Parse_ApproverCountAtAndPastLimit_AcceptedOnlyWithin(int count, bool valid)
    {
        JsonObject brief = TestBriefs.Valid();
        brief["approvers"] = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["email"] = $"p{i}@contoso.example" }).ToArray());

        if (valid)
        {
            Assert.Equal(count, TestBriefs.Parse(brief).Approvers.Count);
        }
        else
        {
            Assert.Equal("10", TestBriefs.Single(TestBriefs.Errors(brief), "/approvers", "maxItems").Limit);
        }
    }

    [Fact]
    public void Parse_CaptionEndingAtClipEnd_Succeeds()
    {
        JsonObject brief = TestBriefs.Valid();
        brief["brand"]!["captions"]![0]!["endSeconds"] = 10;

        Assert.Equal(10, TestBriefs.Parse(brief).Brand.Captions![0].EndSeconds);
    }

    [Fact]
    public void Parse_CaptionEndingAfterClip_FailsWithCaptionRange()
    {
        JsonObject brief = TestBriefs.Valid();
        brief["brand"]!["captions"]![0]!["endSeconds"] = 10.01;

        Assert.Equal("10 s", TestBriefs.Single(TestBriefs.Errors(brief), "/brand/captions/0/endSeconds", "captionRange").Limit);
    }

    [Fact]
    public void Parse_CaptionEndingBeforeItStarts_FailsWithCaptionOrder()
    {
        JsonObject brief = TestBriefs.Valid();
        brief["brand"]!["captions"]![0]!["startSeconds"] = 5;
        brief["brand"]!["captions"]![0]!["endSeconds"] = 5;

        TestBriefs.Single(TestBriefs.Errors(brief), "/brand/captions/0/endSeconds", "captionOrder");
    }

    [Fact]
    public void Parse_DocumentAtByteLimit_IsNotRejectedForSize()
    {
        JsonObject brief = TestBriefs.Valid();
        int padding = BriefLimits.MaxBriefBytes - Encoding.UTF8.GetByteCount(brief.ToJsonString());
        string json = brief.ToJsonString() + new string(' ', padding);

        Assert.Equal(BriefLimits.MaxBriefBytes, Encoding.UTF8.GetByteCount(json));
        Assert.Equal("test-brief", BriefParser.Parse(Encoding.UTF8.GetBytes(json)).BriefId);
    }

    [Fact]
    public void Parse_DocumentOneBytePastLimit_FailsWithMaxBytes()
    {
        var bytes = new byte[BriefLimits.MaxBriefBytes + 1];

        BriefValidationError error = Assert.Single(TestBriefs.Errors(bytes));

        Assert.Equal(("", "maxBytes", "65536 bytes"), (error.Pointer, error.Rule, error.Limit));
    }

    [Theory]
    [InlineData(24, true)]
    [InlineData(25, true)]
    [InlineData(30, true)]
    [InlineData(29.97, false)]
    [InlineData(60, false)]
    public void Parse_Fps_AcceptsOnly24_25_30(double fps, bool valid)
    {
        JsonObject brief = TestBriefs.Valid();
        brief["fps"] = fps;

        if (valid)
        {
            Assert.Equal((int)fps, TestBriefs.Parse(brief).Fps);
        }
        else
        {
            Assert.Equal("24, 25, 30", TestBriefs.Single(TestBriefs.Errors(brief), "/fps", "enum").Limit);
        }
    }
}
