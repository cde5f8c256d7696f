namespace VideoGen.Pipeline.Tests.Integrations;

[CollectionDefinition(MaildevCollection.Name)]
public sealed class MaildevCollectionDefinition : ICollectionFixture<MaildevFixture>;
