// The storage account of the function app (host, Durable task hub, app data, app package) and the GPU worker:
// the blob containers, queues and tables the app and the worker use (names from the code: BlobLayout, GpuQueues,
// the audit/cost/approval tables). Everything reaches it with a managed identity, so shared-key access is off by
// default. The Durable extension creates its own task hub queues, tables and containers at start-up (hub name and
// partition count from host.json); they are not created here.

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Location.')
param location string

@description('Tags put on every resource.')
param tags object

@description('Replication SKU.')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS'])
param skuName string = 'Standard_LRS'

@description('Blob containers to create.')
param containers array

@description('Queues to create.')
param queues array

@description('Tables to create.')
param tables array

@description('Allow shared-key (account key) authorization. Nothing in this deployment uses keys; true only for a tool of yours that still needs them.')
param allowSharedKeyAccess bool = false

@description('Days deleted blobs and containers can be restored.')
@minValue(1)
@maxValue(365)
param deleteRetentionDays int = 7

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: skuName }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The function app, its Durable task hub, the GPU worker, its KEDA scaler and Event Grid dead-lettering all
    // authenticate with Entra identities; published links use user delegation SAS. See infra/README.md.
    allowSharedKeyAccess: allowSharedKeyAccess
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices' }
    encryption: {
      keySource: 'Microsoft.Storage'
      services: {
        blob: { enabled: true, keyType: 'Account' }
        file: { enabled: true, keyType: 'Account' }
        queue: { enabled: true, keyType: 'Account' }
        table: { enabled: true, keyType: 'Account' }
      }
    }
  }

  resource blobService 'blobServices' = {
    name: 'default'
    properties: {
      deleteRetentionPolicy: { enabled: true, days: deleteRetentionDays }
      containerDeleteRetentionPolicy: { enabled: true, days: deleteRetentionDays }
    }

    resource blobContainers 'containers' = [
      for container in containers: {
        name: container
        properties: { publicAccess: 'None' }
      }
    ]
  }

  resource queueService 'queueServices' = {
    name: 'default'

    resource storageQueues 'queues' = [
      for queue in queues: {
        name: queue
      }
    ]
  }

  resource tableService 'tableServices' = {
    name: 'default'

    resource storageTables 'tables' = [
      for table in tables: {
        name: table
      }
    ]
  }
}

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
