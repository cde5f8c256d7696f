// Optional Event Grid custom topic (CloudEvents 1.0 input schema) for the run lifecycle events the app publishes
// (Integrations:LifecycleEvents). The app authenticates with the topic key (aeg-sas-key), which is stored in Key
// Vault here; the function identity also gets EventGrid Data Sender for a later switch to Entra authentication.

@description('Topic name.')
param name string

@description('Location.')
param location string

@description('Tags put on every resource.')
param tags object

@description('Key Vault receiving the topic key.')
param keyVaultName string

@description('Secret name of the topic key.')
param keySecretName string

@description('User-assigned identity allowed to send events.')
param senderIdentityName string

var eventGridDataSender = 'd5a91429-5739-47e2-a06b-3470a27159e7'

resource sender 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: senderIdentityName
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    publicNetworkAccess: 'Enabled'
    // LifecycleEventPublisher sends aeg-sas-key.
    disableLocalAuth: false
  }
}

resource topicKey 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: keySecretName
  properties: {
    value: topic.listKeys().key1
    contentType: 'Event Grid topic access key'
  }
}

resource senderRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, sender.id, eventGridDataSender)
  scope: topic
  properties: {
    principalId: sender.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventGridDataSender)
  }
}

output name string = topic.name
output endpoint string = topic.properties.endpoint
