// Key Vault in RBAC mode with the app's secrets. Every value comes from a secure parameter at deployment time;
// none is committed. App settings reference these by URI. No storage secret: storage is reached with identities.

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

@description('Names of the secrets to create (decided from non-secret switches, so the set is known before deployment).')
param secretNames array

@description('Secret values by secret name; must hold every name in secretNames.')
@secure()
param secretValues object

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
