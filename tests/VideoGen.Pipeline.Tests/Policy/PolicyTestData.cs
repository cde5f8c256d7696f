using System.Text;
using VideoGen.Pipeline.Briefs;
using VideoGen.Pipeline.Policy;

namespace VideoGen.Pipeline.Tests.Policy;

internal static class PolicyTestData
{
    /// <summary>The launch sample with one field replaced.</summary>
    public static Brief Brief(string? prompt = null, string? caption = null, string? watermark = null, string? title = null)
    {
        Brief brief = BriefParser.Parse(File.ReadAllBytes(Path.Combine(Tests.Briefs.SampleFiles.Directory("launch-16x9"), "brief.json")));
        if (prompt is not null)
        {
            brief = brief with { Shots = [brief.Shots[0], brief.Shots[1] with { Prompt = prompt }, brief.Shots[2]] };
        }

        if (caption is not null)
        {
            brief = brief with { Brand = brief.Brand with { Captions = [brief.Brand.Captions![0], brief.Brand.Captions[1] with { Text = caption }] } };
        }

        if (watermark is not null)
        {
            brief = brief with { Brand = brief.Brand with { WatermarkText = watermark } };
        }

        return title is null ? brief : brief with { Title = title };
    }

    public static PromptPolicy Load(string json) => PromptPolicy.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    public static PolicyDecision ScreenPrompt(string prompt, PromptPolicy? policy = null) =>
        PolicyEngine.Screen(Brief(prompt: prompt), policy ?? PromptPolicy.Default);
}
