// The GPU worker (gpu-worker/Dockerfile) as an Azure Container Apps app on a GPU workload profile, scaled by KEDA
// azure-queue rules on the two job queues. One user-assigned identity for everything: the worker's queue and blob
// clients (GpuWorker__Storage__* identity settings, AZURE_CLIENT_ID), the scale rules and the image pull. No
// secrets, no ingress: it only reads queues.

@description('Container Apps environment name.')
param environmentName string

@description('Container app name.')
param name string

@description('Location.')
param location string

@description('Tags put on every resource.')
param tags object

@description('Log Analytics workspace receiving the console logs.')
param workspaceName string

@description('GPU workload profile type: serverless (Consumption-GPU-*) or dedicated (NC*-A100).')
param gpuWorkloadProfileType string

@description('Dedicated GPU profiles only: fewest and most nodes.')
param gpuDedicatedNodeCount object

@description('Image, registry/repository:tag.')
param image string

@description('Registry login server pulled with the identity; empty: the image needs no credentials.')
param registryServer string

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Storage account of the queues and blobs.')
param storageAccountName string

@description('Client id of the user-assigned identity (the worker\'s credential picks it with AZURE_CLIENT_ID).')
param identityClientId string

@description('CPU cores per replica (string, e.g. "8" or "0.5").')
param cpu string

@description('Memory per replica, e.g. 56Gi.')
param memory string

@description('Fewest replicas (0: scale to zero when both queues are empty).')
@minValue(0)
param minReplicas int

@description('Most replicas.')
@minValue(1)
param maxReplicas int

@description('Queue messages per replica the scaler aims for.')
@minValue(1)
param queueLength int

@description('Seconds between SIGTERM and SIGKILL; the worker checkpoints and releases its message in between.')
@minValue(30)
@maxValue(600)
param terminationGracePeriodSeconds int

@description('GpuWorker section values (environment GpuWorker__{key}).')
param workerSettings object

@description('Application Insights connection string: the worker exports its VideoGen.GpuWorker metrics and logs there.')
param appInsightsConnectionString string

@description('Queue names the scale rules watch.')
param jobQueues array

var gpuProfileName = 'gpu'
var serverless = startsWith(gpuWorkloadProfileType, 'Consumption')

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' existing = {
  name: workspaceName
}

resource environment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    workloadProfiles: [
      { name: 'Consumption', workloadProfileType: 'Consumption' }
      serverless
        ? { name: gpuProfileName, workloadProfileType: gpuWorkloadProfileType }
        : {
            name: gpuProfileName
            workloadProfileType: gpuWorkloadProfileType
            minimumCount: gpuDedicatedNodeCount.min
            maximumCount: gpuDedicatedNodeCount.max
          }
    ]
  }
}

var settingsEnv = [for setting in items(workerSettings): { name: 'GpuWorker__${setting.key}', value: string(setting.value) }]

// The identity-based form of the worker's storage connection (the same shape as AzureWebJobsStorage__* in the
// function app): service URIs plus the credential; GpuWorker__StorageConnectionString stays a local-only setting.
var storageSuffix = az.environment().suffixes.storage
var storageEnv = [
  { name: 'GpuWorker__Storage__blobServiceUri', value: 'https://${storageAccountName}.blob.${storageSuffix}/' }
  { name: 'GpuWorker__Storage__queueServiceUri', value: 'https://${storageAccountName}.queue.${storageSuffix}/' }
  { name: 'GpuWorker__Storage__credential', value: 'managedidentity' }
  { name: 'GpuWorker__Storage__clientId', value: identityClientId }
  { name: 'AZURE_CLIENT_ID', value: identityClientId }
]

resource app 'Microsoft.App/containerApps@2025-01-01' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: gpuProfileName
    configuration: {
      activeRevisionsMode: 'Single'
      registries: empty(registryServer) ? [] : [{ server: registryServer, identity: identityId }]
    }
    template: {
      terminationGracePeriodSeconds: terminationGracePeriodSeconds
      containers: [
        {
          name: 'gpu-worker'
          image: image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: concat(
            storageEnv,
            [
              { name: 'Inference__ExecutionProvider', value: 'Cuda' }
              { name: 'Inference__ManifestPath', value: '/app/models/models.json' }
              { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
            ],
            settingsEnv
          )
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          for queue in jobQueues: {
            name: queue
            azureQueue: {
              accountName: storageAccountName
              queueName: queue
              queueLength: queueLength
              identity: identityId
            }
          }
        ]
      }
    }
  }
}

output environmentName string = environment.name
output name string = app.name
output id string = app.id
