using System.Text.Json.Nodes;
using VideoGen.Infra.Tests.Support;

namespace VideoGen.Infra.Tests;

/// <summary>infra/ compiles and lints clean with the pinned Bicep CLI, and no secret has a default.</summary>
public sealed class BicepBuildTests
{
    [Fact]
    public void Build_MainBicep_SucceedsWithoutDiagnostics()
    {
        BicepResult r = BicepCli.Run(Repo.Infra, "build", Repo.MainBicep, "--stdout");

        Assert.True(r.ExitCode == 0, $"bicep build failed:\n{r.StdErr}");
        Assert.True(r.StdErr.Trim().Length == 0, $"bicep build reported diagnostics:\n{r.StdErr}");
        Assert.Equal("resourceGroup", TargetScope(JsonNode.Parse(r.StdOut)!));
    }

    [Fact]
    public void Lint_MainBicep_IsClean()
    {
        BicepResult r = BicepCli.Run(Repo.Infra, "lint", Repo.MainBicep);

        Assert.True(r.ExitCode == 0 && r.StdErr.Trim().Length == 0 && r.StdOut.Trim().Length == 0, $"bicep lint:\n{r.StdErr}{r.StdOut}");
    }

    [Fact]
    public void Lint_Config_TurnsTheSecurityRulesToErrors()
    {
        JsonNode rules = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Infra, "bicepconfig.json")))!["analyzers"]!["core"]!["rules"]!;

        foreach (string rule in new[]
        {
            "secure-parameter-default", "outputs-should-not-contain-secrets", "secure-secrets-in-params",
            "use-secure-value-for-secure-inputs", "no-hardcoded-env-urls", "no-unused-params", "use-resource-id-functions",
        })
        {
            Assert.Equal("error", (string?)rules[rule]?["level"]);
        }
    }

    [Fact]
    public void Build_Modules_AreLocal()
    {
        foreach (string file in Directory.EnumerateFiles(Repo.Infra, "*.bicep", SearchOption.AllDirectories))
        {
            foreach (string line in File.ReadLines(file).Where(l => l.TrimStart().StartsWith("module ", StringComparison.Ordinal)))
            {
                Assert.DoesNotContain("br:", line, StringComparison.Ordinal);
                Assert.DoesNotContain("br/", line, StringComparison.Ordinal);
                Assert.DoesNotContain("ts:", line, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Parameters_Secure_HaveNoDefaultValue_InAnyTemplate()
    {
        JsonNode template = Compile();
        var secure = new List<string>();
        foreach ((string path, JsonObject parameters) in AllParameterSets(template, "main"))
        {
            foreach ((string name, JsonNode? p) in parameters)
            {
                string type = ((string?)p?["type"] ?? "").ToLowerInvariant();
                if (type is "securestring" or "secureobject")
                {
                    secure.Add($"{path}.{name}");
                    Assert.True(p!["defaultValue"] is null, $"secure parameter {path}.{name} has a default value");
                }
            }
        }

        // The five secrets of main.bicep and the two module parameters that pass them on.
        Assert.Contains("main.approvalTokenSecret", secure);
        Assert.Contains("main.provenancePrivateKeyPem", secure);
        Assert.Contains("main.cmsCallbackSigningSecret", secure);
        Assert.Contains("main.tenantApiKeys", secure);
        Assert.Contains("main.optionalSecrets", secure);
        Assert.Contains("main/keyvault.secretValues", secure);
    }

    [Fact]
    public void ParametersFile_NamesTemplateParameters_AndHoldsNoSecret()
    {
        JsonNode template = Compile();
        JsonObject declared = template["parameters"]!.AsObject();
        JsonObject given = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Infra, "main.parameters.json")))!["parameters"]!.AsObject();

        foreach ((string name, JsonNode? value) in given)
        {
            Assert.True(declared.ContainsKey(name), $"main.parameters.json sets {name}, which main.bicep does not declare");
            string type = ((string?)declared[name]!["type"] ?? "").ToLowerInvariant();
            Assert.False(type is "securestring" or "secureobject", $"main.parameters.json holds the secret {name}: pass secrets at deployment");
            if (declared[name]!["allowedValues"] is JsonArray allowed && value?["value"] is JsonNode v)
            {
                Assert.Contains(allowed, a => JsonNode.DeepEquals(a, v));
            }
        }

        foreach ((string name, JsonNode? p) in declared)
        {
            string type = ((string?)p!["type"] ?? "").ToLowerInvariant();
            if (p["defaultValue"] is null && type is not ("securestring" or "secureobject"))
            {
                Assert.True(given.ContainsKey(name), $"required parameter {name} is missing from main.parameters.json");
            }
        }
    }

    internal static JsonNode Compile()
    {
        BicepResult r = BicepCli.Run(Repo.Infra, "build", Repo.MainBicep, "--stdout");
        Assert.True(r.ExitCode == 0, r.StdErr);
        return JsonNode.Parse(r.StdOut)!;
    }

    private static string TargetScope(JsonNode template) =>
        ((string)template["$schema"]!).Contains("/deploymentTemplate.json", StringComparison.Ordinal) ? "resourceGroup" : (string)template["$schema"]!;

    /// <summary>The parameters of the template and of every nested module template, with a path naming each.</summary>
    private static IEnumerable<(string Path, JsonObject Parameters)> AllParameterSets(JsonNode template, string path)
    {
        if (template["parameters"] is JsonObject parameters)
        {
            yield return (path, parameters);
        }

        IEnumerable<JsonNode?> resources = template["resources"] switch
        {
            JsonArray a => a,
            JsonObject o => o.Select(kv => kv.Value),
            _ => [],
        };
        foreach (JsonNode? resource in resources)
        {
            if ((string?)resource?["type"] == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonNode nested)
            {
                foreach (var set in AllParameterSets(nested, $"{path}/{(string?)resource["name"]}"))
                {
                    yield return set;
                }
            }
        }
    }
}
