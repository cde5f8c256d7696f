// The function app: a .NET isolated worker (dotnet-isolated, .NET 10) with the Durable Functions extension on the
// Azure Storage backend, on Flex Consumption (default) or Linux Elastic Premium. One user-assigned identity does
// everything: host storage (AzureWebJobsStorage__* identity settings, no connection string), the Flex deployment
// container or the Elastic Premium package blob, and the Key Vault references in the app settings.
// Settings mirror local.settings.sample.json and the options classes (VideoGen:*, DurableTask:*, Integrations:*);
// the task hub's own settings (hub name, partitions, polling) live in host.json.

@description('Function app name.')
param name string

@description('Hosting plan name.')
param planName string

@description('Location.')
param location string

@description('Tags put on every resource.')
param tags object

@description('FlexConsumption (FC1, the default) or ElasticPremium (EP1-EP3).')
@allowed(['FlexConsumption', 'ElasticPremium'])
param plan string

@description('Elastic Premium SKU (ElasticPremium only).')
@allowed(['EP1', 'EP2', 'EP3'])
param premiumSku string

@description('Flex Consumption: always-ready instances of the durable group (orchestrations, activities, entities). Elastic Premium: warm instances (at least 1).')
@minValue(0)
@maxValue(10)
param alwaysReadyInstances int

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(100)
param maximumInstanceCount int

@description('Flex Consumption instance memory (MB).')
@allowed([512, 2048, 4096])
param instanceMemoryMB int

@description('.NET version of the isolated worker (functionAppConfig.runtime.version on Flex, DOTNET-ISOLATED|{version} on Elastic Premium).')
param dotnetVersion string

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity (AzureWebJobsStorage__clientId).')
param identityClientId string

@description('Storage account of the host, the Durable task hub, the app data and the app package.')
param storageAccountName string

@description('Blob container holding the app package (Flex deployment storage; Elastic Premium WEBSITE_RUN_FROM_PACKAGE blob).')
param packageContainerName string

@description('Elastic Premium only: name of the package blob in packageContainerName.')
param packageBlobName string

@description('Key Vault name (the references are built from it, so the setting values are known before deployment).')
param keyVaultName string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('Task hub name (VideoGen__HubName; the Durable extension reads its own from host.json).')
param hubName string

@description('Durable control-queue partitions (DurableTask__PartitionCount; host.json carries the extension\'s own).')
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

var flex = plan == 'FlexConsumption'
var storageSuffix = environment().suffixes.storage
var blobEndpoint = 'https://${storageAccountName}.blob.${storageSuffix}/'

var kvPrefix = '@Microsoft.KeyVault(SecretUri=https://${keyVaultName}${environment().suffixes.keyvaultDns}/secrets/'
func kvRef(prefix string, secretName string) string => '${prefix}${secretName}/)'

// Host storage (triggers, keys, leases) and the Durable extension's task hub, through the identity: the
// identity-based form of the AzureWebJobsStorage connection. No connection string, no account key.
var storageSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__blobServiceUri: blobEndpoint
  AzureWebJobsStorage__queueServiceUri: 'https://${storageAccountName}.queue.${storageSuffix}/'
  AzureWebJobsStorage__tableServiceUri: 'https://${storageAccountName}.table.${storageSuffix}/'
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
}

// Flex Consumption sets the worker runtime and the Functions version itself (functionAppConfig.runtime) and refuses
// them, the content share and WEBSITE_RUN_FROM_PACKAGE as app settings. Elastic Premium runs without an Azure Files
// content share (it needs a key): the package is a blob fetched with the identity.
var planSettings = flex
  ? {}
  : {
      FUNCTIONS_EXTENSION_VERSION: '~4'
      FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated'
      WEBSITE_RUN_FROM_PACKAGE: '${blobEndpoint}${packageContainerName}/${packageBlobName}'
      WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID: identityId
    }

var coreSettings = {
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
  storageSettings,
  planSettings,
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

var appSettings = concat(
  map(items(staticSettings), setting => { name: setting.key, value: setting.value }),
  [{ name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }],
  lifecycleEventsEnabled ? [{ name: 'Integrations__LifecycleEvents__Endpoint', value: lifecycleTopicEndpoint }] : []
)

var commonSiteConfig = {
  minTlsVersion: '1.2'
  scmMinTlsVersion: '1.2'
  ftpsState: 'Disabled'
  http20Enabled: true
  appSettings: appSettings
}

// Elastic Premium only: the language stack and the warm instances. Flex Consumption takes neither in siteConfig.
var premiumSiteConfig = {
  linuxFxVersion: 'DOTNET-ISOLATED|${dotnetVersion}'
  minimumElasticInstanceCount: max(alwaysReadyInstances, 1)
  preWarmedInstanceCount: max(alwaysReadyInstances, 1)
  use32BitWorkerProcess: false
}

resource servicePlan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: flex ? 'functionapp' : 'elastic'
  sku: flex ? { name: 'FC1', tier: 'FlexConsumption' } : { name: premiumSku, tier: 'ElasticPremium' }
  properties: flex
    ? { reserved: true }
    : {
        reserved: true
        maximumElasticWorkerCount: maximumInstanceCount
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
    serverFarmId: servicePlan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: flex ? commonSiteConfig : union(commonSiteConfig, premiumSiteConfig)
    functionAppConfig: flex
      ? {
          deployment: {
            storage: {
              type: 'blobContainer'
              value: '${blobEndpoint}${packageContainerName}'
              authentication: {
                type: 'UserAssignedIdentity'
                userAssignedIdentityResourceId: identityId
              }
            }
          }
          scaleAndConcurrency: {
            maximumInstanceCount: maximumInstanceCount
            instanceMemoryMB: instanceMemoryMB
            // Microsoft's recommendation for Durable Functions on Flex: keep the durable group warm.
            alwaysReady: alwaysReadyInstances > 0 ? [{ name: 'durable', instanceCount: alwaysReadyInstances }] : []
          }
          runtime: {
            name: 'dotnet-isolated'
            version: dotnetVersion
          }
        }
      : null
  }

  resource ftpPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: { allow: false }
  }
}

output name string = site.name
output id string = site.id
output defaultHostName string = site.properties.defaultHostName
output planName string = servicePlan.name
