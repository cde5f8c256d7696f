using System.Text;
using VideoGen.Pipeline.Policy;

namespace VideoGen.Pipeline.Tests.Policy;

public sealed class PolicyRobustnessTests
{
    [Fact]
    public void ScreenText_RandomUnicode_NeverThrowsAndQuotesComeFromTheText()
    {
        // Property-style: any mix of ASCII, accents, marks, surrogates (paired or not), look-alikes and separators.
        var random = new Random(99);
        char[] pool = "ab president gore  -.,'\n\t0135@$!|ÉéßﬁＰⓟ\u0301\u200B\u00ADеοı㏂".ToCharArray();
        for (int i = 0; i < 2000; i++)
        {
            var text = new StringBuilder();
            for (int k = random.Next(0, 60); k > 0; k--)
            {
                int pick = random.Next(pool.Length + 3);
                text.Append(pick switch
                {
                    _ when pick < pool.Length => pool[pick].ToString(),
                    _ when pick == pool.Length => "\uD835\uDC29", // 𝐩
                    _ when pick == pool.Length + 1 => "\uD800",    // unpaired high surrogate
                    _ => "\uDC00",                                // unpaired low surrogate
                });
            }

            string s = text.ToString();
            IReadOnlyList<PolicyFinding> findings = PolicyEngine.ScreenText(s, "/t", PromptPolicy.Default);

            Assert.All(findings, f => Assert.Contains(f.Matched, s, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void ScreenText_SameTermRepeated_IsReportedOncePerField()
    {
        string text = string.Join(" and ", Enumerable.Repeat("the prime minister", 200)) + " with a celebrity";

        Assert.Equal(["prime minister", "celebrity"], PolicyEngine.ScreenText(text, "/t", PromptPolicy.Default).Select(f => f.Matched));
    }
}
