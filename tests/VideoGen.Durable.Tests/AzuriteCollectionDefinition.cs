namespace VideoGen.Durable.Tests;

/// <summary>This assembly's Azurite collection: one Azurite shared by every class marked with it, run one after another.</summary>
[CollectionDefinition(AzuriteCollection.Name)]
public sealed class AzuriteCollectionDefinition : ICollectionFixture<AzuriteFixture>;
