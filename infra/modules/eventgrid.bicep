// Brief ingestion: an Event Grid system topic on the storage account and a subscription that delivers
// Microsoft.Storage.BlobCreated for cms-uploads/{tenant}/{briefId}/brief.json to OnBriefUploaded, a blob trigger
// with the Event Grid source. Its endpoint is the blob extension's webhook,
//   https://{app host}/runtime/webhooks/blobs?functionName=Host.Functions.OnBriefUploaded&code={blobs_extension key},
// the documented form for Event-Grid-sourced blob triggers. The blobs_extension system key exists only once the
// host has loaded the blob extension, i.e. after the app package is deployed: hence deploySubscription (two passes).
// Undeliverable events are dead-lettered to a blob container with the topic's own identity.

@description('System topic name.')
param systemTopicName string

@description('Location (the storage account\'s).')
param location string

@description('Tags put on every resource.')
param tags object

@description('Storage account the topic watches.')
param storageAccountName string

@description('Container the CMS uploads to.')
param uploadsContainer string

@description('File name of a brief.')
param briefFileName string

@description('Container receiving dead-lettered events.')
param deadLetterContainer string

@description('Create the subscription. Its webhook needs the blobs_extension system key, which exists once the app package runs: deploy the package first.')
param deploySubscription bool

@description('Function app name.')
param functionAppName string

@description('Blob-triggered function (Source = EventGrid) receiving the events.')
param functionName string

@description('Delivery attempts before an event is dead-lettered (1-30).')
@minValue(1)
@maxValue(30)
param maxDeliveryAttempts int = 30

@description('Minutes an event is retried before it is dead-lettered (1-1440).')
@minValue(1)
@maxValue(1440)
param eventTimeToLiveInMinutes int = 1440

var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: location
  tags: tags
  identity: { type: 'SystemAssigned' }
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// Dead-lettering writes blobs with the topic's identity (no storage key in the subscription).
resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, systemTopic.id, storageBlobDataContributor)
  scope: storage
  properties: {
    principalId: systemTopic.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
  }
}

resource briefUploaded 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = if (deploySubscription) {
  parent: systemTopic
  name: 'brief-uploaded'
  dependsOn: [deadLetterWriter]
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'WebHook'
      properties: {
        // The key is read at deployment time (the type library has no Microsoft.Web/sites/host type, hence listKeys
        // on the id); Event Grid keeps the full URL to itself (reads return endpointBaseUrl only).
        endpointUrl: 'https://${functionApp.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${listKeys('${functionApp.id}/host/default', '2024-04-01').systemKeys.blobs_extension}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: ['Microsoft.Storage.BlobCreated']
      subjectBeginsWith: '/blobServices/default/containers/${uploadsContainer}/'
      subjectEndsWith: '/${briefFileName}'
      isSubjectCaseSensitive: true
    }
    retryPolicy: {
      maxDeliveryAttempts: maxDeliveryAttempts
      eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
    }
    deadLetterWithResourceIdentity: {
      identity: { type: 'SystemAssigned' }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storage.id
          blobContainerName: deadLetterContainer
        }
      }
    }
  }
}

output systemTopicName string = systemTopic.name
output subscriptionName string = deploySubscription ? briefUploaded.name : ''
