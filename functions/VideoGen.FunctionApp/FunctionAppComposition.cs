using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using VideoGen.DurableHost;
using VideoGen.Functions.Hosting;
using VideoGen.Functions.Telemetry;
using VideoGen.Pipeline.Workflow;

namespace VideoGen.FunctionApp;

/// <summary>Composes the isolated function app; <c>Program.cs</c> builds and runs it, a test builds it to check its services resolve.</summary>
public static class FunctionAppComposition
{
    /// <summary>
    /// The app's builder: ASP.NET Core integration for the HTTP functions, the handlers with storage from
    /// <c>AzureWebJobsStorage</c> (connection string or identity-based settings), the Durable payload serializer
    /// (<see cref="WorkflowJson.Options"/>, the wire contract the local host uses too) and telemetry. The
    /// <c>DurableTaskClient</c> is not a service here: each function gets one from its <c>[DurableClient]</c> binding.
    /// </summary>
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        IConfiguration config = builder.Configuration;
        builder.Services.AddVideoGenFunctionHandlers(config, StorageEndpoints.FromConfiguration(config, FunctionAppSetup.StorageSetting));
        builder.Services.Configure<WorkerOptions>(o => o.Serializer = new JsonObjectSerializer(WorkflowJson.Options));
        builder.AddVideoGenTelemetry();
        return builder;
    }
}
