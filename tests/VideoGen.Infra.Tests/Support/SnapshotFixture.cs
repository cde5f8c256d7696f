namespace VideoGen.Infra.Tests.Support;

/// <summary>
/// Three evaluations of infra/main.bicep, made once per test class (each when first used): <see cref="Full"/> with
/// every optional integration on (the parameters a production deployment with email, Teams, Content Safety, two
/// tenants and the brief subscription would pass), <see cref="Minimal"/> with only the required parameters (so the
/// defaults: Flex Consumption) and <see cref="ElasticPremium"/>, the required parameters on the other plan.
/// Secret values are placeholders: secure parameters never reach the snapshot's resources.
/// </summary>
public sealed class SnapshotFixture
{
    /// <summary>Secure parameters both sets pass.</summary>
    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["approvalTokenSecret"] = "'placeholder'",
        ["provenancePrivateKeyPem"] = "'placeholder'",
        ["cmsCallbackSigningSecret"] = "'placeholder'",
    };

    /// <summary>The parameters of <see cref="Full"/>.</summary>
    public static IReadOnlyDictionary<string, string> FullParameters { get; } = new Dictionary<string, string>(Secrets)
    {
        ["environmentName"] = "'test'",
        ["gpuWorkerImage"] = "'contosoacr.azurecr.io/videogen-gpu-worker:1.0.0'",
        ["containerRegistryName"] = "'contosoacr'",
        ["tenantIds"] = "['contoso', 'fabrikam']",
        ["tenantApiKeys"] = "{ contoso: 'placeholder', fabrikam: 'placeholder' }",
        ["enableAdminKey"] = "true",
        ["smtpHost"] = "'smtp.example.com'",
        ["smtpFromAddress"] = "'videogen@example.com'",
        ["smtpUserName"] = "'videogen'",
        ["contentSafetyEndpoint"] = "'https://cs-test.cognitiveservices.azure.com/'",
        ["enableTeamsApprovals"] = "true",
        ["deployBriefSubscription"] = "true",
        ["deployLifecycleTopic"] = "true",
        ["outboundAllowedHosts"] = "['cms.example.com', 'prod-00.westeurope.logic.azure.com']",
        ["modelManifestPath"] = "'models/models.json'",
        ["optionalSecrets"] = "{ adminApiKey: 'placeholder', smtpPassword: 'placeholder', contentSafetyApiKey: 'placeholder', teamsWebhookUrl: 'placeholder' }",
    };

    /// <summary>The parameters of <see cref="Minimal"/>: required ones only.</summary>
    public static IReadOnlyDictionary<string, string> MinimalParameters { get; } = new Dictionary<string, string>(Secrets)
    {
        ["environmentName"] = "'min'",
        ["gpuWorkerImage"] = "'example.com/videogen-gpu-worker:1.0.0'",
        ["tenantApiKeys"] = "{}",
        ["optionalSecrets"] = "{}",
    };

    /// <summary>The parameters of <see cref="ElasticPremium"/>: required ones, plus the plan.</summary>
    public static IReadOnlyDictionary<string, string> ElasticPremiumParameters { get; } = new Dictionary<string, string>(MinimalParameters)
    {
        ["environmentName"] = "'ep'",
        ["functionPlan"] = "'ElasticPremium'",
        ["functionPlanSku"] = "'EP2'",
        ["deployBriefSubscription"] = "true",
    };

    private readonly Lazy<Snapshot> _full = new(() => Snapshot.Create(FullParameters));
    private readonly Lazy<Snapshot> _minimal = new(() => Snapshot.Create(MinimalParameters));
    private readonly Lazy<Snapshot> _elasticPremium = new(() => Snapshot.Create(ElasticPremiumParameters));

    /// <summary>Every optional integration on.</summary>
    public Snapshot Full => _full.Value;

    /// <summary>Required parameters only.</summary>
    public Snapshot Minimal => _minimal.Value;

    /// <summary>Required parameters on the Elastic Premium plan, with the brief subscription.</summary>
    public Snapshot ElasticPremium => _elasticPremium.Value;

    /// <summary>All three, for checks that must hold whatever the parameters.</summary>
    public IEnumerable<Snapshot> All => [Full, Minimal, ElasticPremium];
}
