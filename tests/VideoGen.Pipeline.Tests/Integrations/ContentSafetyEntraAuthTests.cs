using System.Net;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using VideoGen.Pipeline.Safety;
using VideoGen.Pipeline.Security;

namespace VideoGen.Pipeline.Tests.Integrations;

/// <summary>
/// Entra (TokenCredential) authentication. Azure.Core refuses bearer tokens over plain http, so this test keeps an
/// https endpoint and answers in memory through an HttpClient handler instead of a loopback server.
/// </summary>
public sealed class ContentSafetyEntraAuthTests
{
    [Fact]
    public async Task AnalyzeText_TokenCredential_SendsBearerForCognitiveServicesScopeAndNoKey()
    {
        var credential = new RecordingCredential();
        var handler = new AnsweringHandler();
        var options = new ContentSafetyOptions { Endpoint = new Uri("https://videogen-cs.cognitiveservices.azure.com/"), Credential = credential };
        var clientOptions = new ContentSafetyClientOptions(options) { Transport = new HttpClientTransport(new HttpClient(handler)) };
        var allowList = new OutboundAllowList(new OutboundAllowListOptions { AllowedHosts = { "*.cognitiveservices.azure.com" } });
        var client = new ContentSafetyClient(options, allowList, new CapturingLogs().For<ContentSafetyClient>(), clientOptions);

        var result = await client.AnalyzeTextAsync("hello");

        Assert.Equal(4, result.Categories.Count);
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], credential.Scopes);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("Bearer", request.Headers.Authorization?.Scheme);
        Assert.Equal("entra-token", request.Headers.Authorization?.Parameter);
        Assert.False(request.Headers.Contains("Ocp-Apim-Subscription-Key"));
        Assert.Equal("https://videogen-cs.cognitiveservices.azure.com/contentsafety/text:analyze?api-version=2024-09-01", request.RequestUri!.AbsoluteUri);
    }

    [Fact]
    public void Constructor_KeyAndCredentialBoth_Throws()
    {
        var options = new ContentSafetyOptions
        {
            Endpoint = new Uri("https://videogen-cs.cognitiveservices.azure.com/"),
            Credential = new RecordingCredential(),
            ApiKey = "k",
        };
        var allowList = new OutboundAllowList(new OutboundAllowListOptions { AllowedHosts = { "*.cognitiveservices.azure.com" } });

        Assert.Throws<ArgumentException>(() => new ContentSafetyClient(options, allowList, new CapturingLogs().For<ContentSafetyClient>()));
    }

    private sealed class RecordingCredential : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken("entra-token", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }

    private sealed class AnsweringHandler : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            const string body = "{\"blocklistsMatch\":[],\"categoriesAnalysis\":[{\"category\":\"Hate\",\"severity\":0},{\"category\":\"SelfHarm\",\"severity\":0},{\"category\":\"Sexual\",\"severity\":0},{\"category\":\"Violence\",\"severity\":0}]}";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
