// The function app: an Azure Functions custom handler (FUNCTIONS_WORKER_RUNTIME=custom) on a Linux Elastic
// Premium plan, with a user-assigned identity that resolves the Key Vault references in its app settings.
// Settings mirror local.settings.sample.json and the options classes (VideoGen:*, DurableTask:*, Integrations:*).

@description('Function app name.')
param name string

@description('Elastic Premium plan name.')
param planName string

@description('Location.')
param location string

@description('Tags put on every resource.')
param tags object

@description('Elastic Premium SKU.')
@allowed(['EP1', 'EP2', 'EP3'])
param planSku string

@description('Instances kept warm (always ready).')
@minValue(1)
@maxValue(10)
param alwaysReadyInstances int

@description('Most instances the plan bursts to.')
@minValue(1)
@maxValue(100)
param maximumElasticWorkerCount int

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Key Vault name (the references are built from it, so the setting values are known before deployment).')
param keyVaultName string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('Azure Files share of the app content (created by the storage module).')
param contentShareName string

@description('Task hub name; the queue names in functions/DurableControl*/function.json follow it.')
param hubName string

@description('Durable control-queue partitions; functions/ has one DurableControlNN function per partition.')
param partitionCount int

@description('Public base URL for approval links; empty: https://{default host name}.')
param publicBaseUrl string

@description('Hosts the app may call (CMS callbacks, Content Safety, Teams, Event Grid, SMTP is not URL-based).')
param outboundAllowedHosts array

@description('Approval token key id (the secret is approval-token-key in Key Vault).')
param approvalTokenKeyId string

@description('Provenance signing key id (the PEM is provenance-signing-key in Key Vault).')
param provenanceKeyId string

@description('Tenant ids that get an API key (tenant-key-{tenant} in Key Vault).')
param tenantIds array

@description('Whether the admin-api-key secret exists.')
param adminKeyEnabled bool

@description('Whether lifecycle events go to an Event Grid topic.')
param lifecycleEventsEnabled bool

@description('Lifecycle Event Grid topic endpoint (used when lifecycleEventsEnabled).')
param lifecycleTopicEndpoint string

@description('Key Vault secret name of the lifecycle topic access key.')
param lifecycleTopicKeySecretName string

@description('SMTP host; empty: email approvals not configured.')
param smtpHost string

@description('SMTP port.')
param smtpPort int

@description('SMTP sender address.')
param smtpFromAddress string

@description('SMTP user name; empty: no SMTP authentication (and no smtp-password secret).')
param smtpUserName string

@description('Content Safety endpoint; empty: not configured (runs fail closed to human review).')
param contentSafetyEndpoint string

@description('Whether the teams-webhook-url secret exists (Teams review cards).')
param teamsEnabled bool

@description('Path of the model manifest inside the app package, for provenance model hashes; empty: recorded as unrecorded.')
param modelManifestPath string

var kvPrefix = '@Microsoft.KeyVault(SecretUri=https://${keyVaultName}${environment().suffixes.keyvaultDns}/secrets/'
func kvRef(prefix string, secretName string) string => '${prefix}${secretName}/)'

var coreSettings = {
  FUNCTIONS_EXTENSION_VERSION: '~4'
  FUNCTIONS_WORKER_RUNTIME: 'custom'
  AzureWebJobsStorage: kvRef(kvPrefix, 'storage-connection-string')
  WEBSITE_CONTENTAZUREFILECONNECTIONSTRING: kvRef(kvPrefix, 'storage-connection-string')
  WEBSITE_CONTENTSHARE: contentShareName
  // The share is created by the storage module; validation cannot read a Key Vault reference.
  WEBSITE_SKIP_CONTENTSHARE_VALIDATION: '1'
  WEBSITE_RUN_FROM_PACKAGE: '1'
  VideoGen__Mode: 'FunctionsHost'
  VideoGen__HubName: hubName
  VideoGen__MaxBriefBytes: '65536'
  VideoGen__MaxImageBytes: '10485760'
  VideoGen__MaxEventBytes: '262144'
  VideoGen__Run__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${name}.azurewebsites.net' : publicBaseUrl
  VideoGen__ApprovalTokens__CurrentKeyId: approvalTokenKeyId
  VideoGen__ApprovalTokens__Keys__0__Id: approvalTokenKeyId
  VideoGen__ApprovalTokens__Keys__0__Secret: kvRef(kvPrefix, 'approval-token-key')
  VideoGen__Provenance__KeyId: provenanceKeyId
  VideoGen__Provenance__PrivateKeyPem: kvRef(kvPrefix, 'provenance-signing-key')
  DurableTask__PartitionCount: string(partitionCount)
  DurableTask__MaxDequeueCount: '5'
  Integrations__CmsCallback__SigningSecret: kvRef(kvPrefix, 'cms-callback-signing-secret')
}

var allowListSettings = toObject(
  range(0, length(outboundAllowedHosts)),
  i => 'Integrations__OutboundAllowList__AllowedHosts__${i}',
  i => string(outboundAllowedHosts[i])
)

var tenantKeySettings = toObject(tenantIds, t => 'VideoGen__TenantKeys__${t}', t => kvRef(kvPrefix, 'tenant-key-${t}'))

var adminKeySettings = adminKeyEnabled ? { VideoGen__AdminKey: kvRef(kvPrefix, 'admin-api-key') } : {}

var lifecycleSettings = lifecycleEventsEnabled
  ? { Integrations__LifecycleEvents__AccessKey: kvRef(kvPrefix, lifecycleTopicKeySecretName) }
  : {}

var emailSettings = empty(smtpHost)
  ? {}
  : union(
      {
        Integrations__Email__Host: smtpHost
        Integrations__Email__Port: string(smtpPort)
        Integrations__Email__Security: smtpPort == 465 ? 'SslOnConnect' : 'StartTls'
        Integrations__Email__FromAddress: smtpFromAddress
      },
      empty(smtpUserName)
        ? {}
        : {
            Integrations__Email__UserName: smtpUserName
            Integrations__Email__Password: kvRef(kvPrefix, 'smtp-password')
          }
    )

var contentSafetySettings = empty(contentSafetyEndpoint)
  ? {}
  : {
      Integrations__ContentSafety__Endpoint: contentSafetyEndpoint
      Integrations__ContentSafety__ApiKey: kvRef(kvPrefix, 'content-safety-api-key')
    }

var teamsSettings = teamsEnabled
  ? {
      VideoGen__Approvals__TeamsWebhookUrl: kvRef(kvPrefix, 'teams-webhook-url')
      Integrations__Teams__MaxMessageBytes: '28000'
    }
  : {}

var publishSettings = empty(modelManifestPath) ? {} : { VideoGen__Publish__ModelManifestPath: modelManifestPath }

// Values known before deployment; the settings whose values come from other resources at deployment time follow.
var staticSettings = union(
  coreSettings,
  allowListSettings,
  tenantKeySettings,
  adminKeySettings,
  lifecycleSettings,
  emailSettings,
  contentSafetySettings,
  teamsSettings,
  publishSettings
)

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'elastic'
  sku: { name: planSku, tier: 'ElasticPremium' }
  properties: {
    reserved: true
    maximumElasticWorkerCount: maximumElasticWorkerCount
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      // Custom handlers on Linux run on the base Functions image: no language stack.
      linuxFxVersion: ''
      minimumElasticInstanceCount: alwaysReadyInstances
      preWarmedInstanceCount: alwaysReadyInstances
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      use32BitWorkerProcess: false
      appSettings: concat(
        map(items(staticSettings), setting => { name: setting.key, value: setting.value }),
        [{ name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }],
        lifecycleEventsEnabled ? [{ name: 'Integrations__LifecycleEvents__Endpoint', value: lifecycleTopicEndpoint }] : []
      )
    }
  }

  resource ftpPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: { allow: false }
  }
}

output name string = site.name
output id string = site.id
output defaultHostName string = site.properties.defaultHostName
output planName string = plan.name
