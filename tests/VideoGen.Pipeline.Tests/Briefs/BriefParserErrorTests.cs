using System.Text;
using System.Text.Json.Nodes;
using VideoGen.Pipeline.Briefs;

namespace VideoGen.Pipeline.Tests.Briefs;

public sealed class BriefParserErrorTests
{
    [Fact]
    public void Parse_TruncatedJson_FailsWithPointerOfLastPosition()
    {
        string json = TestBriefs.Valid().ToJsonString();
        string cut = json[..json.IndexOf("\"prompt\":\"The bottle", StringComparison.Ordinal)];

        BriefValidationError error = Assert.Single(TestBriefs.Errors(cut));

        Assert.Equal("json", error.Rule);
        Assert.StartsWith("/shots/1", error.Pointer, StringComparison.Ordinal);
        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TrailingCommaInArray_FailsAtThatArray()
    {
        string json = """{"schemaVersion":"1.0","approvers":[{"email":"a@b.cd"},]}""";

        BriefValidationError error = Assert.Single(TestBriefs.Errors(json));

        Assert.Equal(("json", "/approvers/0"), (error.Rule, error.Pointer));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not json")]
    [InlineData("{\"a\":1} {\"b\":2}")]
    public void Parse_NotOneJsonDocument_FailsWithJsonRule(string json) =>
        Assert.Equal("json", Assert.Single(TestBriefs.Errors(json)).Rule);

    [Fact]
    public void Parse_DuplicateProperty_FailsNamingIt()
    {
        string json = TestBriefs.Valid().ToJsonString().Replace("\"fps\":25", "\"fps\":25,\"fps\":30", StringComparison.Ordinal);

        BriefValidationError error = Assert.Single(TestBriefs.Errors(json));

        Assert.Equal(("duplicateProperty", "/fps"), (error.Rule, error.Pointer));
    }

    [Fact]
    public void Parse_NestingTooDeep_FailsWithDepthLimit()
    {
        string json = "{\"brand\":" + string.Concat(Enumerable.Repeat("[", 40)) + string.Concat(Enumerable.Repeat("]", 40)) + "}";

        BriefValidationError error = Assert.Single(TestBriefs.Errors(json));

        Assert.Equal(("json", "16 levels"), (error.Rule, error.Limit));
    }

    [Fact]
    public void Parse_ByteOrderMark_IsAccepted()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(TestBriefs.Valid().ToJsonString())];

        Assert.Equal("test-brief", BriefParser.Parse(bytes).BriefId);
    }

    [Theory]
    [InlineData("/durationSeconds", "\"ten\"")]
    [InlineData("/title", "42")]
    [InlineData("/shots", "{}")]
    [InlineData("/brand", "[]")]
    [InlineData("/shots/0/camera/intensity", "true")]
    [InlineData("/shots/1/seed", "1.5")]
    public void Parse_WrongType_FailsWithTypeAtPointer(string pointer, string value)
    {
        JsonNode brief = TestBriefs.Valid();
        string[] path = pointer.Trim('/').Split('/');
        JsonNode parent = path[..^1].Aggregate(brief, (node, p) => int.TryParse(p, out int i) ? node[i]! : node[p]!);
        parent.AsObject()[path[^1]] = JsonNode.Parse(value);

        TestBriefs.Single(TestBriefs.Errors(brief), pointer, "type");
    }

    [Theory]
    [InlineData("/title")]
    [InlineData("/approvers")]
    [InlineData("/shots/0/camera")]
    [InlineData("/shots/1/camera/intensity")]
    [InlineData("/brand/captions/0/text")]
    public void Parse_MissingRequired_FailsWithRequiredAtTheMissingProperty(string pointer)
    {
        JsonNode brief = TestBriefs.Valid();
        string[] path = pointer.Trim('/').Split('/');
        JsonNode parent = path[..^1].Aggregate(brief, (node, p) => int.TryParse(p, out int i) ? node[i]! : node[p]!);
        parent.AsObject().Remove(path[^1]);

        TestBriefs.Single(TestBriefs.Errors(brief), pointer, "required");
    }

    [Fact]
    public void Parse_UnknownProperty_FailsWithAdditionalProperties()
    {
        JsonObject brief = TestBriefs.Valid();
        brief["shots"]![0]!.AsObject()["zoom"] = 2;

        TestBriefs.Single(TestBriefs.Errors(brief), "/shots/0/zoom", "additionalProperties");
    }

    [Fact]
    public void Parse_ManyMistakes_ReportsEveryOneWithItsPointer()
    {
        JsonObject brief = TestBriefs.Valid();
        brief["schemaVersion"] = "2.0";
        brief["tenant"] = "Contoso!";
        brief["briefId"] = "../escape";
        brief["aspectRatio"] = "21:9";
        brief.Remove("title");
        brief["shots"]![0]!["durationSeconds"] = 25;
        brief["shots"]![1]!["camera"]!["move"] = "zoom";
        brief["shots"]![1]!["id"] = "a";
        brief["shots"]![1]!.AsObject()["palette"] = new JsonArray("#fff", "#000000");
        brief["brand"]!["captions"]![0]!["endSeconds"] = 30;
        brief["approvers"]!.AsArray().Add(new JsonObject { ["email"] = "A@contoso.example" });
        brief["cmsCallback"] = new JsonObject { ["url"] = "http://cms.example.com/hook" };

        IReadOnlyList<BriefValidationError> errors = TestBriefs.Errors(brief);

        (string, string)[] expected =
        [
            ("/schemaVersion", "const"), ("/tenant", "tenantId"), ("/briefId", "pathSegment"), ("/aspectRatio", "enum"),
            ("/title", "required"), ("/shots/0/durationSeconds", "maximum"), ("/shots/1/camera/move", "enum"),
            ("/shots/1/id", "uniqueShotId"), ("/shots/1/palette", "minItems"), ("/shots/1/palette/0", "pattern"),
            ("/durationSeconds", "durationSum"), ("/brand/captions/0/endSeconds", "captionRange"),
            ("/approvers/1/email", "uniqueApprover"), ("/cmsCallback/url", "callbackUrl"),
        ];
        foreach ((string pointer, string rule) in expected)
        {
            TestBriefs.Single(errors, pointer, rule);
        }

        var e = Assert.Throws<BriefValidationException>(() => TestBriefs.Parse(brief));
        Assert.Contains($"({errors.Count} errors)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://cms.contoso.example/hooks/videogen", true)]
    [InlineData("http://localhost:7071/api/cms", true)]
    [InlineData("http://[::1]/cb", true)]
    [InlineData("http://cms.contoso.example/hook", false)]
    [InlineData("https://user:pass@cms.contoso.example/hook", false)]
    [InlineData("ftp://cms.contoso.example/hook", false)]
    public void Parse_CallbackUrl_HttpsOrLoopbackHttpOnly(string url, bool valid)
    {
        JsonObject brief = TestBriefs.Valid();
        brief["cmsCallback"] = new JsonObject { ["url"] = url };

        if (valid)
        {
            Assert.Equal(new Uri(url), TestBriefs.Parse(brief).CmsCallback!.Url);
        }
        else
        {
            Assert.Contains(TestBriefs.Errors(brief), e => e.Pointer == "/cmsCallback/url");
        }
    }

    [Fact]
    public void Parse_ProductImageWithUnsupportedExtension_FailsWithPattern()
    {
        JsonObject brief = TestBriefs.Valid();
        brief["productImage"] = "product.gif";

        BriefValidationError error = TestBriefs.Single(TestBriefs.Errors(brief), "/productImage", "pattern");

        Assert.StartsWith("Value does not match the pattern", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NullDocument_FailsWithType() =>
        Assert.Equal("type", Assert.Single(TestBriefs.Errors("null")).Rule);
}
