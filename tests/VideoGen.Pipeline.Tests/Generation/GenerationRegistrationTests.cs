using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VideoGen.Pipeline.Workflow.Activities;

namespace VideoGen.Pipeline.Tests.Generation;

/// <summary>DI and engine registration of the generation activities.</summary>
public sealed class GenerationRegistrationTests
{
    [Fact]
    public void Types_AreTheThreeActivities_AndTheWorkflowListsThem()
    {
        Assert.Equal([nameof(AssembleClip), nameof(PrepareAssets), nameof(SubmitChunkJob)], GenerationActivities.Types.Select(t => t.Name).Order());
        Assert.All(GenerationActivities.Types, t => Assert.Contains(t, VideoGen.Pipeline.Workflow.WorkflowRegistration.Activities));
        Assert.All(VideoGen.Pipeline.Workflow.WorkflowRegistration.Activities, t => Assert.True(typeof(Microsoft.DurableTask.ITaskActivity).IsAssignableFrom(t), t.Name));
    }

    [Fact]
    public void AddGenerationActivities_ResolvesActivitiesWithConfiguredOptions()
    {
        using ServiceProvider services = Services(o => o.QueueNamePrefix = "tenant-a-");
        Assert.NotNull(services.GetRequiredService<PrepareAssets>());
        Assert.NotNull(services.GetRequiredService<SubmitChunkJob>());
        Assert.NotNull(services.GetRequiredService<AssembleClip>());
        GenerationOptions options = services.GetRequiredService<IOptions<GenerationOptions>>().Value;
        Assert.Equal(("tenant-a-", "tenant-a-gpu-jobs-batch"), (options.QueueNamePrefix, options.QueueName("gpu-jobs-batch")));
    }

    [Fact]
    public void AddGenerationActivities_InvalidOptions_FailNamingTheSetting()
    {
        using ServiceProvider services = Services(o => o.WorkContainer = "Bad_Container");
        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<GenerationOptions>>().Value);
        Assert.Contains("WorkContainer", e.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(Action<GenerationOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(new BlobServiceClient("UseDevelopmentStorage=true"));
        services.AddSingleton(new QueueServiceClient("UseDevelopmentStorage=true"));
        services.AddGenerationActivities(configure);
        return services.BuildServiceProvider();
    }
}
