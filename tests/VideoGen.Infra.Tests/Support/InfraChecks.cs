using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VideoGen.Infra.Tests.Support;

/// <summary>
/// The checks the tests assert, as functions returning problems (empty: fine), so the tests of the checks can feed
/// them doctored snapshots and see them fail.
/// </summary>
public static partial class InfraChecks
{
    /// <summary>Built-in role definition ids the templates may assign, by role name.</summary>
    public static IReadOnlyDictionary<string, string> BuiltInRoles { get; } = new Dictionary<string, string>
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = "Storage Blob Data Contributor",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
        ["7f951dda-4ed3-4680-a7ca-43fe172d538d"] = "AcrPull",
        ["d5a91429-5739-47e2-a06b-3470a27159e7"] = "EventGrid Data Sender",
    };

    /// <summary>Settings whose values are secrets: each must be a Key Vault reference to a secret the deployment creates.</summary>
    public static IReadOnlyList<string> SecretSettingPatterns { get; } =
    [
        "AzureWebJobsStorage",
        "VideoGen__AdminKey",
        "VideoGen__TenantKeys__*",
        "VideoGen__ApprovalTokens__Keys__*__Secret",
        "VideoGen__Provenance__PrivateKeyPem",
        "VideoGen__Approvals__TeamsWebhookUrl",
        "Integrations__CmsCallback__SigningSecret",
        "Integrations__LifecycleEvents__AccessKey",
        "Integrations__Email__Password",
        "Integrations__ContentSafety__ApiKey",
    ];

    /// <summary>Required keys missing from the app settings.</summary>
    public static IReadOnlyList<string> MissingSettings(IReadOnlyDictionary<string, string?> settings, IEnumerable<string> required) =>
        [.. required.Where(k => !settings.ContainsKey(k)).Select(k => $"app setting {k} is missing")];

    /// <summary>Secret settings that are not Key Vault references to a secret in the snapshot.</summary>
    public static IReadOnlyList<string> SecretSettingProblems(Snapshot snapshot)
    {
        var problems = new List<string>();
        HashSet<string> secrets = [.. snapshot.OfType("Microsoft.KeyVault/vaults/secrets").Select(s => (string)s["name"]!)];
        foreach ((string key, string? value) in snapshot.FunctionAppSettings())
        {
            if (!SecretSettingPatterns.Any(p => Like(key, p)))
            {
                continue;
            }

            Match m = KeyVaultReference().Match(value ?? "");
            if (!m.Success)
            {
                problems.Add($"{key} is a secret but its value is not a Key Vault reference: {value}");
            }
            else if (!secrets.Contains($"{m.Groups["vault"].Value}/{m.Groups["secret"].Value}"))
            {
                problems.Add($"{key} references secret {m.Groups["secret"].Value} in vault {m.Groups["vault"].Value}, which the deployment does not create");
            }
        }

        return problems;
    }

    /// <summary>
    /// Problems of the BlobCreated subscription that feeds OnBriefUploaded: the brief filter, and a WebHook to the
    /// blob extension's endpoint for an Event-Grid-sourced blob trigger,
    /// <c>https://{app host}/runtime/webhooks/blobs?functionName=Host.Functions.{function}&amp;code={blobs_extension key}</c>,
    /// with the host name and the key read from this deployment's function app and a function the app has.
    /// </summary>
    public static IReadOnlyList<string> BriefSubscriptionProblems(Snapshot snapshot, FunctionCatalog functions)
    {
        var problems = new List<string>();
        IReadOnlyList<JsonObject> subscriptions = snapshot.OfType("Microsoft.EventGrid/systemTopics/eventSubscriptions");
        if (subscriptions.Count != 1)
        {
            return [$"expected one Event Grid subscription, found {subscriptions.Count}"];
        }

        JsonNode p = subscriptions[0]["properties"]!;
        JsonNode? filter = p["filter"];
        string[] types = filter?["includedEventTypes"] is JsonArray t ? [.. t.Select(x => (string)x!)] : [];
        if (types is not ["Microsoft.Storage.BlobCreated"])
        {
            problems.Add($"includedEventTypes must be exactly Microsoft.Storage.BlobCreated, is [{string.Join(", ", types)}]");
        }

        string prefix = $"/blobServices/default/containers/{Contracts.BlobLayout.CmsUploadsContainer}/";
        if ((string?)filter?["subjectBeginsWith"] != prefix)
        {
            problems.Add($"subjectBeginsWith must be {prefix}, is {filter?["subjectBeginsWith"]}");
        }

        if (((string?)filter?["subjectEndsWith"])?.EndsWith(Contracts.BlobLayout.BriefFileName, StringComparison.Ordinal) != true)
        {
            problems.Add($"subjectEndsWith must end with {Contracts.BlobLayout.BriefFileName}, is {filter?["subjectEndsWith"]}");
        }

        problems.AddRange(BlobsWebhookProblems(snapshot, p["destination"], functions));

        if (p["retryPolicy"]?["maxDeliveryAttempts"] is null || p["retryPolicy"]?["eventTimeToLiveInMinutes"] is null)
        {
            problems.Add("retryPolicy must set maxDeliveryAttempts and eventTimeToLiveInMinutes");
        }

        string? deadLetter = (string?)p["deadLetterWithResourceIdentity"]?["deadLetterDestination"]?["properties"]?["blobContainerName"];
        if (deadLetter is null || !snapshot.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").Any(c => Snapshot.LeafName(c) == deadLetter))
        {
            problems.Add($"dead-letter container '{deadLetter}' must be a container the deployment creates");
        }

        return problems;
    }

    /// <summary>
    /// Problems of the function that takes the briefs: a blob trigger with the Event Grid source
    /// (<c>Source = BlobTriggerSource.EventGrid</c>) on the uploads container, the only kind the blob extension's
    /// webhook invokes.
    /// </summary>
    public static IReadOnlyList<string> BriefTriggerProblems(FunctionCatalog functions, string functionName)
    {
        FunctionEntry? function = functions.Find(functionName);
        if (function?.Trigger is not { } trigger)
        {
            return [$"the app has no function {functionName} with a trigger"];
        }

        var problems = new List<string>();
        if (!string.Equals(function.TriggerType, "blobTrigger", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{functionName} must be a blobTrigger, is {function.TriggerType}");
        }

        if (!string.Equals((string?)trigger["source"], "EventGrid", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{functionName}'s blob trigger must have source EventGrid (the webhook delivers nothing to a polling trigger), has {trigger["source"]}");
        }

        if (((string?)trigger["path"])?.StartsWith(Contracts.BlobLayout.CmsUploadsContainer + "/", StringComparison.Ordinal) != true)
        {
            problems.Add($"{functionName}'s blob trigger must watch {Contracts.BlobLayout.CmsUploadsContainer}/, watches {trigger["path"]}");
        }

        return problems;
    }

    private static IEnumerable<string> BlobsWebhookProblems(Snapshot snapshot, JsonNode? destination, FunctionCatalog functions)
    {
        string? endpointType = (string?)destination?["endpointType"];
        string? url = ArmExpression.ResolveSymbolic((string?)destination?["properties"]?["endpointUrl"]);
        Match m = BlobsWebhook().Match(url ?? "");
        if (endpointType != "WebHook" || !m.Success)
        {
            yield return "destination must be a WebHook to https://{app host}/runtime/webhooks/blobs?functionName=Host.Functions.{function}&code={blobs_extension key}, " +
                $"is {endpointType} {url ?? (string?)destination?["properties"]?["resourceId"]}";
            yield break;
        }

        string app = (string)snapshot.FunctionApp()["id"]!;
        if (!string.Equals(m.Groups["site"].Value, app, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"the webhook's host name is read from {m.Groups["site"].Value}, not from the function app {app}";
        }

        if (!string.Equals(m.Groups["host"].Value, $"{app}/host/default", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"the webhook's key must be the blobs_extension system key of {app}/host/default, is from {m.Groups["host"].Value}";
        }

        string function = m.Groups["function"].Value;
        if (functions.Find(function) is null)
        {
            yield return $"the webhook names Host.Functions.{function}, which is not a function of the app";
        }
    }

    /// <summary>Problems of the GPU worker's KEDA azure-queue rules: one per job queue, on the account, with the app's identity.</summary>
    public static IReadOnlyList<string> ScaleRuleProblems(Snapshot snapshot, IEnumerable<string> jobQueues)
    {
        var problems = new List<string>();
        JsonObject app = snapshot.Single("Microsoft.App/containerApps");
        string account = Snapshot.LeafName(snapshot.Single("Microsoft.Storage/storageAccounts"));
        JsonArray rules = app["properties"]?["template"]?["scale"]?["rules"] as JsonArray ?? [];
        string[] identities = app["identity"]?["userAssignedIdentities"] is JsonObject ids ? [.. ids.Select(i => i.Key)] : [];
        foreach (string queue in jobQueues)
        {
            JsonNode? rule = rules.FirstOrDefault(r => (string?)r?["azureQueue"]?["queueName"] == queue)?["azureQueue"];
            if (rule is null)
            {
                problems.Add($"no azure-queue scale rule watches {queue}");
                continue;
            }

            if ((string?)rule["accountName"] != account)
            {
                problems.Add($"the {queue} rule names account {rule["accountName"]}, not {account}");
            }

            string? identity = (string?)rule["identity"];
            if (rule["auth"] is JsonArray { Count: > 0 })
            {
                problems.Add($"the {queue} rule authenticates with a secret (a connection string); it must use the app's identity");
            }
            else if (identity is null || !(identity == "system" || identities.Contains(identity, StringComparer.OrdinalIgnoreCase)))
            {
                problems.Add($"the {queue} rule does not authenticate with an identity of the app");
            }
        }

        return problems;
    }

    /// <summary>Matches a setting name against a pattern where * stands for one name segment.</summary>
    public static bool Like(string key, string pattern) =>
        Regex.IsMatch(key, "^" + Regex.Escape(pattern).Replace(@"\*", "[^_]+", StringComparison.Ordinal) + "$");

    [GeneratedRegex(@"^@Microsoft\.KeyVault\(SecretUri=https://(?<vault>[a-z0-9-]+)\.vault\.azure\.net/secrets/(?<secret>[A-Za-z0-9-]+)/?\)$")]
    private static partial Regex KeyVaultReference();

    [GeneratedRegex(@"^https://\{\{reference\((?<site>[^)]+)\)\.defaultHostName\}\}/runtime/webhooks/blobs\?functionName=Host\.Functions\.(?<function>[A-Za-z0-9_]+)&code=\{\{listKeys\((?<host>[^)]+)\)\.systemKeys\.blobs_extension\}\}$")]
    private static partial Regex BlobsWebhook();
}
