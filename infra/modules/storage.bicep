// The storage account of the function app, the durable engine and the GPU worker: blob containers, queues and
// tables the app uses (names from the code: BlobLayout, GpuQueues, the task hub's Durable-Functions-style names,
// the audit/cost/approval tables) plus the Azure Files share the Elastic Premium plan keeps the app content on.

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

@description('Azure Files share holding the function app content (WEBSITE_CONTENTSHARE).')
param contentShareName string

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
    // The app, the durable engine and the GPU worker take connection strings (AzureWebJobsStorage,
    // GpuWorker__StorageConnectionString), and the Elastic Premium content share needs one: shared key stays on.
    // The connection string lives only in Key Vault. See infra/README.md.
    allowSharedKeyAccess: true
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

  resource fileService 'fileServices' = {
    name: 'default'

    resource contentShare 'shares' = {
      name: contentShareName
      properties: { shareQuota: 100 }
    }
  }
}

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
