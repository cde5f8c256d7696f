using System.Text;
using System.Text.Json.Nodes;
using VideoGen.Pipeline.Briefs;

namespace VideoGen.Pipeline.Tests.Briefs;

/// <summary>A valid brief to mutate, and helpers to parse it and read the errors.</summary>
internal static class TestBriefs
{
    public static JsonObject Valid() => JsonNode.Parse("""
        {
          "schemaVersion": "1.0",
          "tenant": "contoso",
          "briefId": "test-brief",
          "title": "Test brief",
          "template": "generic",
          "productImage": "product.png",
          "aspectRatio": "1:1",
          "durationSeconds": 10,
          "fps": 25,
          "shots": [
            { "id": "a", "durationSeconds": 4, "prompt": "A bottle on a table", "camera": { "move": "static", "intensity": 0 } },
            { "id": "b", "durationSeconds": 6, "prompt": "The bottle in a garden", "camera": { "move": "orbit", "intensity": 1 } }
          ],
          "brand": { "captions": [ { "text": "Hello", "startSeconds": 0, "endSeconds": 10 } ] },
          "approvers": [ { "email": "a@contoso.example" } ]
        }
        """)!.AsObject();

    public static Brief Parse(JsonNode node) => BriefParser.Parse(Encoding.UTF8.GetBytes(node.ToJsonString()));

    public static IReadOnlyList<BriefValidationError> Errors(JsonNode node) => Errors(Encoding.UTF8.GetBytes(node.ToJsonString()));

    public static IReadOnlyList<BriefValidationError> Errors(string json) => Errors(Encoding.UTF8.GetBytes(json));

    public static IReadOnlyList<BriefValidationError> Errors(byte[] utf8)
    {
        var e = Assert.Throws<BriefValidationException>(() => BriefParser.Parse(utf8));
        Assert.Equal("brief.invalid", BriefValidationException.Code);
        Assert.NotEmpty(e.Errors);
        return e.Errors;
    }

    /// <summary>Sets shot durations that add up to the total, so only the limit under test fails.</summary>
    public static JsonObject WithShots(double total, params double[] shots)
    {
        JsonObject brief = Valid();
        brief["durationSeconds"] = total;
        var array = new JsonArray();
        for (int i = 0; i < shots.Length; i++)
        {
            array.Add(new JsonObject
            {
                ["id"] = $"s{i}",
                ["durationSeconds"] = shots[i],
                ["prompt"] = "A bottle",
                ["camera"] = new JsonObject { ["move"] = "static", ["intensity"] = 0.5 },
            });
        }

        brief["shots"] = array;
        brief["brand"] = new JsonObject();
        return brief;
    }

    public static BriefValidationError Single(IReadOnlyList<BriefValidationError> errors, string pointer, string rule)
    {
        BriefValidationError? match = errors.SingleOrDefault(e => e.Pointer == pointer && e.Rule == rule);
        Assert.True(match is not null, $"Expected {rule} at {pointer}; got: {string.Join(" | ", errors)}");
        return match!;
    }
}
