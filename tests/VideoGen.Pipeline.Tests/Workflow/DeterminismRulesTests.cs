using System.Text.RegularExpressions;

namespace VideoGen.Pipeline.Tests.Workflow;

/// <summary>
/// Orchestrator files (<c>*.orchestrator.cs</c>) replay over their history, so they may not read clocks,
/// make ids, sleep, start threads or touch the environment: this test holds every such file in the
/// repository to that rule (see .editorconfig). The Durable Task analyzers (Microsoft.DurableTask.Analyzers) check the same in the build.
/// </summary>
public sealed partial class DeterminismRulesTests
{
    private static readonly (Regex Pattern, string Use)[] Forbidden =
    [
        (new Regex(@"\bDateTime(Offset)?\.(Now|UtcNow|Today)\b"), "context.CurrentUtcDateTime"),
        (new Regex(@"\bGuid\.NewGuid\s*\("), "context.NewGuid()"),
        (new Regex(@"\bTask\.(Delay|Run)\s*\("), "context.CreateTimer or an activity"),
        (new Regex(@"\bThread\.Sleep\s*\("), "context.CreateTimer"),
        (new Regex(@"\bnew\s+Random\s*\(|\bRandom\.Shared\b"), "a seed passed in the input"),
        (new Regex(@"\bEnvironment\.|\bIConfiguration\b"), "settings passed in the input"),
        (new Regex(@"\bFile\.|\bHttpClient\b|\bStopwatch\b"), "an activity"),
        (new Regex(@"\.ConfigureAwait\s*\(\s*false\s*\)"), "plain await (continuations must stay on the replay thread)"),
    ];

    [Fact]
    public void OrchestratorFiles_UseNoNonDeterministicApis()
    {
        string root = RepoRoot.Path;
        string[] files = Directory.EnumerateFiles(root, "*.orchestrator.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToArray();
        Assert.NotEmpty(files); // the sample orchestrator at least; an empty scan would prove nothing

        var violations = new List<string>();
        foreach (string file in files)
        {
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                string code = StripComment(lines[i]);
                foreach ((Regex pattern, string use) in Forbidden)
                {
                    if (pattern.Match(code) is { Success: true } m)
                    {
                        violations.Add($"{Path.GetRelativePath(root, file)}:{i + 1}: '{m.Value}' — use {use}");
                    }
                }
            }
        }

        Assert.True(violations.Count == 0, "Non-deterministic calls in orchestrator files:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Rules_CatchTheForbiddenCalls()
    {
        string[] bad = ["var t = DateTime.UtcNow;", "Guid.NewGuid()", "await Task.Delay(5);", "await x.ConfigureAwait(false);", "Environment.GetEnvironmentVariable(\"X\")"];
        Assert.All(bad, line => Assert.Contains(Forbidden, f => f.Pattern.IsMatch(line)));
        Assert.DoesNotContain(Forbidden, f => f.Pattern.IsMatch("var t = context.CurrentUtcDateTime;"));
    }

    private static string StripComment(string line)
    {
        int comment = line.IndexOf("//", StringComparison.Ordinal);
        return comment >= 0 ? line[..comment] : line;
    }
}
