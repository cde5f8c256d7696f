using System.Text;
using VideoGen.Pipeline.Briefs;

namespace VideoGen.Pipeline.Tests.Briefs;

public sealed class BriefParserRobustnessTests
{
    [Theory]
    [InlineData("\"durationSeconds\":1e400")]
    [InlineData("\"durationSeconds\":-1e400")]
    [InlineData("\"durationSeconds\":1e-400")]
    [InlineData("\"durationSeconds\":100000000000000000000000000000000000000000")]
    [InlineData("\"title\":\"\\ud800\"")]
    [InlineData("\"\\ud800\":1")]
    [InlineData("\"title\":\"\\u0000\"")]
    public void Parse_HostileValue_FailsWithValidationErrorOnly(string member)
    {
        string json = "{" + member + ",\"schemaVersion\":\"1.0\"}";

        Assert.NotEmpty(TestBriefs.Errors(json));
    }

    [Fact]
    public void Parse_InvalidUtf8_FailsWithJsonRule()
    {
        byte[] bytes = [.. "{\"title\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        Assert.Equal("json", Assert.Single(TestBriefs.Errors(bytes)).Rule);
    }

    [Fact]
    public void Parse_RandomMutationsOfAValidBrief_ThrowOnlyValidationExceptions()
    {
        // Property-style: flipping, deleting or duplicating bytes of a valid brief either still parses or fails with
        // BriefValidationException (never another exception type, never an empty error list).
        byte[] valid = Encoding.UTF8.GetBytes(TestBriefs.Valid().ToJsonString());
        var random = new Random(1201);
        byte[] alphabet = "{}[]\":,0123456789.-eE \\u"u8.ToArray();
        for (int i = 0; i < 1500; i++)
        {
            var bytes = new List<byte>(valid);
            for (int k = random.Next(1, 4); k > 0; k--)
            {
                int at = random.Next(bytes.Count);
                switch (random.Next(3))
                {
                    case 0: bytes[at] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1: bytes.RemoveAt(at); break;
                    default: bytes.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                }
            }

            try
            {
                BriefParser.Parse(bytes.ToArray());
            }
            catch (BriefValidationException e)
            {
                Assert.NotEmpty(e.Errors);
                Assert.All(e.Errors, error => Assert.True(error.Pointer.Length == 0 || error.Pointer[0] == '/', error.Pointer));
            }
        }
    }

    [Fact]
    public void Parse_ConcurrentCalls_GiveTheSameErrors()
    {
        var brief = TestBriefs.Valid();
        brief["fps"] = 60;
        string expected = string.Join("|", TestBriefs.Errors(brief));

        string[] results = new string[64];
        Parallel.For(0, results.Length, i => results[i] = string.Join("|", TestBriefs.Errors(brief)));

        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
