using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace VideoGen.Durable.Tests;

/// <summary>Settings are validated at start-up with errors that name the setting.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OptionsValidationTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("ab")]
    [InlineData("1hub")]
    [InlineData("my-hub")]
    [InlineData("hub_name")]
    [InlineData("")]
    [InlineData("h234567890123456789012345678901234567890123456")] // 46 characters
    public void Validate_BadHubName_ThrowsArgumentExceptionNamingHubName(string hubName)
    {
        var options = new DurableTaskOptions { StorageConnectionString = azurite.ConnectionString, HubName = hubName };

        var e = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(nameof(DurableTaskOptions.HubName), e.ParamName);
        Assert.Contains("HubName", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("VideoGenHub")]
    [InlineData("h23456789012345678901234567890123456789012345")] // 45 characters
    public void Validate_GoodHubName_DoesNotThrow(string hubName)
    {
        var options = new DurableTaskOptions { StorageConnectionString = azurite.ConnectionString, HubName = hubName };

        options.Validate();
    }

    [Fact]
    public async Task StartAsync_BadHubName_ThrowsArgumentExceptionNamingHubName()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddDurableTask(o =>
        {
            o.StorageConnectionString = azurite.ConnectionString;
            o.HubName = "bad-hub-name";
        });
        using IHost host = builder.Build();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var e = await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            _ = host.Services.GetRequiredService<DurableTaskClient>();
            await host.StartAsync(cts.Token);
        });

        Assert.Equal(nameof(DurableTaskOptions.HubName), e.ParamName);
    }

    [Fact]
    public void Validate_MissingConnectionString_ThrowsArgumentExceptionNamingIt()
    {
        var options = new DurableTaskOptions { HubName = "abc" };

        var e = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(nameof(DurableTaskOptions.StorageConnectionString), e.ParamName);
    }

    [Fact]
    public void Validate_TimerDelayCapUnderOneSecond_ThrowsNamingIt()
    {
        // Queue visibility is whole seconds: a 0.5 s cap would go out as 0 and re-arm the timer in a busy loop.
        var options = new DurableTaskOptions { HubName = "abc", StorageConnectionString = azurite.ConnectionString, MaxTimerVisibilityDelay = TimeSpan.FromSeconds(0.5) };

        var e = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(nameof(DurableTaskOptions.MaxTimerVisibilityDelay), e.ParamName);
        Assert.Contains("whole seconds", e.Message);
    }
}
