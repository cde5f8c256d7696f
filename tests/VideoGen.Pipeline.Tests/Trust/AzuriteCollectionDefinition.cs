namespace VideoGen.Pipeline.Tests.Trust;

/// <summary>This assembly's Azurite collection: one Azurite shared by every class marked with it.</summary>
[CollectionDefinition(AzuriteCollection.Name)]
public sealed class AzuriteCollectionDefinition : ICollectionFixture<AzuriteFixture>;
