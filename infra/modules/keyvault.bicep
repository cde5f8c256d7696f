// Key Vault in RBAC mode with the app's secrets. Every value comes from a secure parameter or from listKeys at
// deployment time; none is committed. App settings and Container Apps secrets reference these by URI.

@description('Key Vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Location.')
param location string

@description('Tags put on every resource.')
param tags object

@description('Turn on purge protection (cannot be turned off again).')
param enablePurgeProtection bool

@description('Storage account whose connection string is stored as the secret storage-connection-string.')
param storageAccountName string

@description('Names of the secrets to create (decided from non-secret switches, so the set is known before deployment).')
param secretNames array

@description('Secret values by secret name; must hold every name in secretNames.')
@secure()
param secretValues object

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices' }
  }
}

// The connection string the app, the durable engine and the GPU worker read (they take no token credential yet).
resource storageConnectionString 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'storage-connection-string'
  properties: {
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
    contentType: 'Azure Storage connection string'
  }
}

resource appSecrets 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = [
  for secretName in secretNames: {
    parent: vault
    name: secretName
    properties: {
      value: secretValues[secretName]
    }
  }
]

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
