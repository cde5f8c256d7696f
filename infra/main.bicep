// VideoGen on Azure: storage (blobs, queues, tables; identity access only), monitoring, Key Vault, the function app
// (.NET isolated worker with Durable Functions, on Flex Consumption or Elastic Premium), the GPU worker (Container
// Apps on a GPU workload profile), brief ingestion through Event Grid to the blob extension's webhook and an
// optional lifecycle-events topic. Resource-group scope:
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/main.parameters.json -p <secure parameters>
// See infra/README.md.
targetScope = 'resourceGroup'

// ---------------------------------------------------------------- naming and placement
@description('Short environment name (dev, test, prod); part of every resource name.')
@minLength(1)
@maxLength(7)
param environmentName string

@description('Location of every resource.')
param location string = resourceGroup().location

@description('Tags added to every resource (azd-env-name and app are always set).')
param tags object = {}

// ---------------------------------------------------------------- storage
@description('Storage replication SKU.')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS'])
param storageSku string = 'Standard_LRS'

@description('Allow shared-key (account key) access to the storage account. Nothing in this deployment needs it (every client uses its managed identity); turn on only for a tool of yours that still signs with the account key.')
param storageAllowSharedKeyAccess bool = false

// ---------------------------------------------------------------- function app
@description('Hosting plan of the function app: FlexConsumption (FC1, as Microsoft\'s Durable Functions quickstarts) or ElasticPremium (functionPlanSku).')
@allowed(['FlexConsumption', 'ElasticPremium'])
param functionPlan string = 'FlexConsumption'

@description('Elastic Premium SKU of the function app plan (functionPlan ElasticPremium only).')
@allowed(['EP1', 'EP2', 'EP3'])
param functionPlanSku string = 'EP1'

@description('Flex Consumption: always-ready instances of the durable group (Microsoft recommends 1 for Durable Functions; 0 scales to zero). Elastic Premium: warm instances (at least 1).')
@minValue(0)
@maxValue(10)
param functionAlwaysReadyInstances int = 1

@description('Most function app instances (Flex Consumption maximumInstanceCount, Elastic Premium maximumElasticWorkerCount).')
@minValue(1)
@maxValue(100)
param functionMaximumInstances int = 40

@description('Flex Consumption instance memory in MB (the app runs ffmpeg assembly in its activities: 2048 or more).')
@allowed([512, 2048, 4096])
param functionInstanceMemoryMB int = 2048

@description('Public base URL of approval links (a custom domain); empty: https://{function app}.azurewebsites.net.')
param publicBaseUrl string = ''

@description('Hosts the app may call: CMS callback hosts, the Teams workflow host (Event Grid and Content Safety hosts are added automatically).')
param outboundAllowedHosts array = []

@description('Tenant ids that get an API key; tenantApiKeys must hold a key (16+ characters) for each.')
param tenantIds array = []

@description('Key id written into approval tokens.')
@minLength(1)
@maxLength(32)
param approvalTokenKeyId string = 'k1'

@description('Key id written into provenance signatures.')
@minLength(1)
param provenanceKeyId string = 'provenance-1'

@description('Create the admin API key secret (optionalSecrets.adminApiKey, 16+ characters) and setting VideoGen__AdminKey.')
param enableAdminKey bool = false

@description('SMTP host for approval emails; empty: no email approvals.')
param smtpHost string = ''

@description('SMTP port (587 STARTTLS, 465 TLS on connect).')
param smtpPort int = 587

@description('Sender address of approval emails.')
param smtpFromAddress string = ''

@description('SMTP user name; empty: no authentication. When set, optionalSecrets.smtpPassword is required.')
param smtpUserName string = ''

@description('Azure AI Content Safety endpoint; empty: not configured (every clip then goes to human review). When set, optionalSecrets.contentSafetyApiKey is required.')
param contentSafetyEndpoint string = ''

@description('Post Teams review cards; optionalSecrets.teamsWebhookUrl is then required and its host must be in outboundAllowedHosts.')
param enableTeamsApprovals bool = false

@description('Path of the model manifest inside the function app package, for model hashes in provenance manifests; empty: hashes recorded as unrecorded.')
param modelManifestPath string = ''

// ---------------------------------------------------------------- event grid
@description('Create the BlobCreated subscription to OnBriefUploaded. Its webhook needs the blob extension\'s system key, which exists once the app runs: deploy once with false, publish the app package, then deploy with true.')
param deployBriefSubscription bool = false

@description('Create the Event Grid custom topic for lifecycle CloudEvents.')
param deployLifecycleTopic bool = true

// ---------------------------------------------------------------- gpu worker
@description('Worker image, registry/repository:tag (built from gpu-worker/Dockerfile).')
param gpuWorkerImage string

@description('Azure Container Registry in this resource group that holds the image (AcrPull for the worker identity); empty: none.')
param containerRegistryName string = ''

@description('GPU workload profile type of the Container Apps environment (serverless Consumption-GPU-* or dedicated NC*-A100). Availability depends on region and quota.')
@allowed(['Consumption-GPU-NC8as-T4', 'Consumption-GPU-NC24-A100', 'NC24-A100', 'NC48-A100', 'NC96-A100'])
param gpuWorkloadProfileType string = 'Consumption-GPU-NC8as-T4'

@description('Dedicated GPU profiles only: node count range, {"min": 0, "max": 2}.')
param gpuDedicatedNodeCount object = { min: 0, max: 2 }

@description('CPU cores per worker replica (string so fractions work, e.g. "8").')
param gpuWorkerCpu string = '8'

@description('Memory per worker replica.')
param gpuWorkerMemory string = '56Gi'

@description('Fewest worker replicas (0: scale to zero when both job queues are empty).')
@minValue(0)
@maxValue(30)
param gpuWorkerMinReplicas int = 0

@description('Most worker replicas.')
@minValue(1)
@maxValue(100)
param gpuWorkerMaxReplicas int = 4

@description('Job messages per replica the queue scalers aim for (the worker renders up to GpuWorker:MaxBatchJobs together).')
@minValue(1)
param gpuQueueLengthPerReplica int = 4

@description('Seconds between SIGTERM and SIGKILL: longer than one run of CheckpointFrames frames plus its checkpoint write.')
@minValue(30)
@maxValue(600)
param gpuWorkerTerminationGracePeriodSeconds int = 120

@description('GpuWorker:MaxBatchJobs (1-32).')
param gpuWorkerMaxBatchJobs int = 4

@description('GpuWorker:CheckpointFrames (1-1024).')
param gpuWorkerCheckpointFrames int = 8

// ---------------------------------------------------------------- key vault
@description('Key Vault purge protection (cannot be turned off once on).')
param keyVaultPurgeProtection bool = true

// ---------------------------------------------------------------- secrets (no defaults; pass at deployment)
@description('Approval token HMAC key, base64 of 32+ random bytes (openssl rand -base64 32).')
@secure()
param approvalTokenSecret string

@description('Provenance signing key: ECDSA P-256 private key, PKCS#8 PEM.')
@secure()
param provenancePrivateKeyPem string

@description('HMAC secret the CMS verifies callbacks with (32+ characters).')
@secure()
param cmsCallbackSigningSecret string

@description('API key per tenant id in tenantIds: {"contoso": "..."} ({} for none).')
@secure()
param tenantApiKeys object

@description('Secrets of optional integrations ({} for none): adminApiKey, smtpPassword, contentSafetyApiKey, teamsWebhookUrl.')
@secure()
param optionalSecrets object

// ---------------------------------------------------------------- names
var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var allTags = union(tags, { 'azd-env-name': environmentName, app: 'videogen' })
var names = {
  storage: take('${abbrs.storageStorageAccounts}${environmentName}${resourceToken}', 24)
  keyVault: take('${abbrs.keyVaultVaults}-${environmentName}-${resourceToken}', 24)
  workspace: '${abbrs.operationalInsightsWorkspaces}-${environmentName}-${resourceToken}'
  appInsights: '${abbrs.insightsComponents}-${environmentName}-${resourceToken}'
  plan: '${abbrs.webServerFarms}-${environmentName}-${resourceToken}'
  functionApp: '${abbrs.webSitesFunctions}-${environmentName}-${resourceToken}'
  functionIdentity: '${abbrs.managedIdentityUserAssignedIdentities}-func-${environmentName}-${resourceToken}'
  workerIdentity: '${abbrs.managedIdentityUserAssignedIdentities}-gpu-${environmentName}-${resourceToken}'
  containerEnvironment: '${abbrs.appManagedEnvironments}-${environmentName}-${resourceToken}'
  worker: '${abbrs.appContainerApps}-gpu-${environmentName}-${resourceToken}'
  systemTopic: '${abbrs.eventGridSystemTopics}-${environmentName}-${resourceToken}'
  lifecycleTopic: '${abbrs.eventGridTopics}-${environmentName}-${resourceToken}'
}

// ---------------------------------------------------------------- what the code names
// Task hub: host.json's durableTask section names it and sizes it for the Durable extension, which creates its
// queues, tables and containers itself at start-up; the app settings below carry the same values for the app.
var hubName = 'VideoGenHub'
var partitionCount = 4
var dotnetVersion = '10.0' // the isolated worker's target framework (net10.0); Flex Consumption lists dotnet-isolated 10.0
var gpuJobQueues = ['gpu-jobs-interactive', 'gpu-jobs-batch'] // GpuQueues.Interactive, GpuQueues.Batch
// Queues the function app triggers on (GpuQueues.Results); the host moves a message dequeued maxDequeueCount times
// to {queue}-poison.
var hostTriggeredQueues = ['gpu-results']
var queues = concat(
  hostTriggeredQueues,
  map(hostTriggeredQueues, q => '${q}-poison'),
  gpuJobQueues,
  ['gpu-jobs-poison'] // GpuQueues.Poison (worker)
)
var uploadsContainer = 'cms-uploads' // BlobLayout.CmsUploadsContainer
var deadLetterContainer = 'eventgrid-deadletter'
var packageContainer = 'app-package' // Flex deployment storage / Elastic Premium WEBSITE_RUN_FROM_PACKAGE blob
var containers = [
  uploadsContainer
  'work' // GenerationOptions.WorkContainer
  'published' // BlobLayout.PublishedContainer
  'policies' // BlobLayout.PoliciesContainer (tenants' prompt policy overrides)
  deadLetterContainer
  packageContainer
]
var tables = [
  'ApprovalRedemptions'
  'AuditTrail'
  'CostLedger'
]
var lifecycleKeySecretName = 'lifecycle-topic-key'

// Secret names follow non-secret switches, so the set is known before deployment.
var requiredSecrets = {
  'approval-token-key': approvalTokenSecret
  'provenance-signing-key': provenancePrivateKeyPem
  'cms-callback-signing-secret': cmsCallbackSigningSecret
}
var secretNames = concat(
  objectKeys(requiredSecrets),
  map(tenantIds, t => 'tenant-key-${t}'),
  enableAdminKey ? ['admin-api-key'] : [],
  !empty(smtpHost) && !empty(smtpUserName) ? ['smtp-password'] : [],
  !empty(contentSafetyEndpoint) ? ['content-safety-api-key'] : [],
  enableTeamsApprovals ? ['teams-webhook-url'] : []
)

// ---------------------------------------------------------------- identities
resource functionIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: names.functionIdentity
  location: location
  tags: allTags
}

resource workerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: names.workerIdentity
  location: location
  tags: allTags
}

// ---------------------------------------------------------------- modules
module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    location: location
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: allTags
    skuName: storageSku
    containers: containers
    queues: queues
    tables: tables
    allowSharedKeyAccess: storageAllowSharedKeyAccess
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    tags: allTags
    enablePurgeProtection: keyVaultPurgeProtection
    secretNames: secretNames
    secretValues: union(
      requiredSecrets,
      toObject(tenantIds, t => 'tenant-key-${t}', t => tenantApiKeys[t]),
      {
        'admin-api-key': optionalSecrets.?adminApiKey ?? ''
        'smtp-password': optionalSecrets.?smtpPassword ?? ''
        'content-safety-api-key': optionalSecrets.?contentSafetyApiKey ?? ''
        'teams-webhook-url': optionalSecrets.?teamsWebhookUrl ?? ''
      }
    )
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  dependsOn: [storage, keyVault]
  params: {
    storageAccountName: names.storage
    keyVaultName: names.keyVault
    functionIdentityName: functionIdentity.name
    workerIdentityName: workerIdentity.name
    containerRegistryName: containerRegistryName
  }
}

module lifecycleTopic 'modules/lifecycletopic.bicep' = if (deployLifecycleTopic) {
  name: 'lifecycle-topic'
  dependsOn: [keyVault]
  params: {
    name: names.lifecycleTopic
    location: location
    tags: allTags
    keyVaultName: names.keyVault
    keySecretName: lifecycleKeySecretName
    senderIdentityName: functionIdentity.name
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  dependsOn: [roles, keyVault]
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: allTags
    plan: functionPlan
    premiumSku: functionPlanSku
    alwaysReadyInstances: functionAlwaysReadyInstances
    maximumInstanceCount: functionMaximumInstances
    instanceMemoryMB: functionInstanceMemoryMB
    dotnetVersion: dotnetVersion
    identityId: functionIdentity.id
    identityClientId: functionIdentity.properties.clientId
    storageAccountName: storage.outputs.name
    packageContainerName: packageContainer
    packageBlobName: 'functionapp.zip'
    keyVaultName: names.keyVault
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    hubName: hubName
    partitionCount: partitionCount
    publicBaseUrl: publicBaseUrl
    outboundAllowedHosts: concat(
      outboundAllowedHosts,
      deployLifecycleTopic ? ['*.eventgrid.azure.net'] : [],
      empty(contentSafetyEndpoint) ? [] : [parseUri(contentSafetyEndpoint).host]
    )
    approvalTokenKeyId: approvalTokenKeyId
    provenanceKeyId: provenanceKeyId
    tenantIds: tenantIds
    adminKeyEnabled: enableAdminKey
    lifecycleEventsEnabled: deployLifecycleTopic
    lifecycleTopicEndpoint: deployLifecycleTopic ? lifecycleTopic!.outputs.endpoint : ''
    lifecycleTopicKeySecretName: lifecycleKeySecretName
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpFromAddress: smtpFromAddress
    smtpUserName: smtpUserName
    contentSafetyEndpoint: contentSafetyEndpoint
    teamsEnabled: enableTeamsApprovals
    modelManifestPath: modelManifestPath
  }
}

module gpuWorker 'modules/gpuworker.bicep' = {
  name: 'gpuworker'
  dependsOn: [roles]
  params: {
    environmentName: names.containerEnvironment
    name: names.worker
    location: location
    tags: allTags
    workspaceName: names.workspace
    gpuWorkloadProfileType: gpuWorkloadProfileType
    gpuDedicatedNodeCount: gpuDedicatedNodeCount
    image: gpuWorkerImage
    registryServer: empty(containerRegistryName) ? '' : '${containerRegistryName}${environment().suffixes.acrLoginServer}'
    identityId: workerIdentity.id
    identityClientId: workerIdentity.properties.clientId
    storageAccountName: storage.outputs.name
    cpu: gpuWorkerCpu
    memory: gpuWorkerMemory
    minReplicas: gpuWorkerMinReplicas
    maxReplicas: gpuWorkerMaxReplicas
    queueLength: gpuQueueLengthPerReplica
    terminationGracePeriodSeconds: gpuWorkerTerminationGracePeriodSeconds
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    jobQueues: gpuJobQueues
    workerSettings: {
      MaxBatchJobs: gpuWorkerMaxBatchJobs
      CheckpointFrames: gpuWorkerCheckpointFrames
      VisibilityTimeout: '00:01:00'
      MaxDequeueCount: 5
    }
  }
}

module eventGrid 'modules/eventgrid.bicep' = {
  name: 'eventgrid'
  dependsOn: [storage, functionApp]
  params: {
    systemTopicName: names.systemTopic
    location: location
    tags: allTags
    storageAccountName: names.storage
    uploadsContainer: uploadsContainer
    briefFileName: 'brief.json' // BlobLayout.BriefFileName
    deadLetterContainer: deadLetterContainer
    deploySubscription: deployBriefSubscription
    functionAppName: names.functionApp
    functionName: 'OnBriefUploaded'
  }
}

// ---------------------------------------------------------------- outputs
output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = resourceGroup().name
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output KEY_VAULT_NAME string = keyVault.outputs.name
output KEY_VAULT_URI string = keyVault.outputs.uri
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.appInsightsName
output LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.workspaceName
output FUNCTION_APP_NAME string = functionApp.outputs.name
output FUNCTION_APP_HOSTNAME string = functionApp.outputs.defaultHostName
output FUNCTION_APP_PLAN string = functionPlan
output FUNCTION_APP_PACKAGE_CONTAINER string = packageContainer
output FUNCTION_IDENTITY_PRINCIPAL_ID string = functionIdentity.properties.principalId
output GPU_WORKER_APP_NAME string = gpuWorker.outputs.name
output CONTAINER_APPS_ENVIRONMENT_NAME string = gpuWorker.outputs.environmentName
output GPU_WORKER_IDENTITY_PRINCIPAL_ID string = workerIdentity.properties.principalId
output EVENTGRID_SYSTEM_TOPIC_NAME string = eventGrid.outputs.systemTopicName
output LIFECYCLE_TOPIC_ENDPOINT string = deployLifecycleTopic ? lifecycleTopic!.outputs.endpoint : ''
