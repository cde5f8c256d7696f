// Role assignments of the managed identities, with built-in role definition ids, named with guid(scope, principal,
// role) so a redeployment finds them again. Assigned before the apps are created, so the user-assigned identities
// can reach storage and resolve Key Vault references on first start (role propagation can still take minutes).
// Data-plane roles only: nothing here needs a management role such as Storage Account Contributor.

@description('Storage account the identities use.')
param storageAccountName string

@description('Key Vault holding the app secrets.')
param keyVaultName string

@description('User-assigned identity of the function app.')
param functionIdentityName string

@description('User-assigned identity of the GPU worker.')
param workerIdentityName string

@description('Azure Container Registry in this resource group the worker pulls from; empty for none (a public or otherwise authorized registry).')
param containerRegistryName string

// Built-in role definitions (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d'
}

// Function app (AzureWebJobsStorage__* identity connection): blobs (owner, as Functions asks for host storage: keys,
// leases, blob-trigger receipts, the app package; also user delegation keys for published links), queues (queue
// trigger, Durable control and work-item queues, poison queues), tables (Durable history and instances, the app's
// ledgers). Durable Functions itself asks for Blob/Queue/Table Data Contributor; Blob Data Owner includes the first.
var functionStorageRoles = [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]
// GPU worker: reads inputs and writes frames and checkpoints; takes, renews and deletes queue messages; the KEDA
// azure-queue scaler reads queue lengths with the same identity. It reads no Key Vault secret.
var workerStorageRoles = [roles.storageBlobDataContributor, roles.storageQueueDataContributor]

resource functionIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: functionIdentityName
}

resource workerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: workerIdentityName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' existing = if (!empty(containerRegistryName)) {
  name: containerRegistryName
}

resource functionStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in functionStorageRoles: {
    name: guid(storage.id, functionIdentity.id, role)
    scope: storage
    properties: {
      principalId: functionIdentity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

resource workerStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in workerStorageRoles: {
    name: guid(storage.id, workerIdentity.id, role)
    scope: storage
    properties: {
      principalId: workerIdentity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

resource functionSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, functionIdentity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: functionIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource workerAcrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(containerRegistryName)) {
  name: guid(registry.id, workerIdentity.id, roles.acrPull)
  scope: registry
  properties: {
    principalId: workerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.acrPull)
  }
}
