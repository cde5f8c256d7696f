using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using VideoGen.FunctionApp.Tests.Support;
using VideoGen.Pipeline.Workflow;

namespace VideoGen.FunctionApp.Tests;

/// <summary>
/// The app's services as the worker builds them. Under Core Tools the environment is Development, where the host
/// validates every registration when it builds (a service that cannot be constructed stops the worker at start-up);
/// in the isolated worker no <c>DurableTaskClient</c> is a service (each function gets its own from
/// <c>[DurableClient]</c>), so nothing registered may need one. Settings come as environment variables, the way app
/// settings reach a function app.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class CompositionTests
{
    private static Dictionary<string, string> Settings()
    {
        using ECDsa provenance = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new Dictionary<string, string>
        {
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development",
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["VideoGen__AdminKey"] = "test-admin-key-0123456789",
            ["VideoGen__TenantKeys__contoso"] = "test-contoso-key-0123456789",
            ["VideoGen__ApprovalTokens__CurrentKeyId"] = "k1",
            ["VideoGen__ApprovalTokens__Keys__0__Id"] = "k1",
            ["VideoGen__ApprovalTokens__Keys__0__Secret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["VideoGen__Provenance__KeyId"] = "test-provenance",
            ["VideoGen__Provenance__PrivateKeyPem"] = provenance.ExportPkcs8PrivateKeyPem(),
            ["Integrations__CmsCallback__SigningSecret"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
        };
    }

    private static IHost BuildApp()
    {
        Type composition = AppBuild.Assembly.GetType("VideoGen.FunctionApp.FunctionAppComposition", throwOnError: true)!;
        Dictionary<string, string> settings = Settings();
        var previous = settings.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            foreach ((string key, string value) in settings)
            {
                Environment.SetEnvironmentVariable(key, value);
            }

            object builder = composition.GetMethod("CreateBuilder")!.Invoke(null, [Array.Empty<string>()])!;
            return (IHost)builder.GetType().GetMethod("Build", Type.EmptyTypes)!.Invoke(builder, null)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new InvalidOperationException($"The app's host did not build in Development: {e.InnerException.Message}", e.InnerException);
        }
        finally
        {
            foreach ((string key, string? value) in previous)
            {
                Environment.SetEnvironmentVariable(key, value);
            }
        }
    }

    [Fact]
    public void Host_BuildsInDevelopment_WithEveryRegistrationValidated()
    {
        using IHost host = BuildApp();
        Assert.Equal("Development", host.Services.GetRequiredService<IHostEnvironment>().EnvironmentName);
        host.Services.GetService<IStartupValidator>()?.Validate(); // the options validated at start-up (ValidateOnStart)
    }

    [Fact]
    public void EveryFunctionClassAndActivity_IsCreatedFromTheAppsServices()
    {
        using IHost host = BuildApp();
        using IServiceScope invocation = host.Services.CreateScope(); // a function's InstanceServices is a scope
        var functionClasses = AppBuild.Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && t.GetMethods().Any(m => !m.IsStatic && m.CustomAttributes.Any(a => a.AttributeType.Name == "FunctionAttribute")))
            .ToList();
        Assert.NotEmpty(functionClasses);
        var problems = new List<string>();
        foreach (Type t in functionClasses.Concat(WorkflowRegistration.Activities))
        {
            try
            {
                ActivatorUtilities.CreateInstance(invocation.ServiceProvider, t);
            }
            catch (Exception e) when (e is InvalidOperationException or OptionsValidationException)
            {
                problems.Add($"{t.Name}: {e.Message}");
            }
        }

        Assert.True(problems.Count == 0, "Not constructible from the app's services:\n" + string.Join("\n", problems));
    }
}

/// <summary>Tests that set process environment variables run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "process environment";
}
