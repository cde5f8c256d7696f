using VideoGen.Functions.Hosting;
using VideoGen.Pipeline.Workflow;

// The VideoGen function app: an Azure Functions custom handler, or (without a Functions host) the same handlers
// run locally from the app's own queue pollers and upload watcher. See functions/README.md.
WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.AddVideoGenFunctionApp(WorkflowRegistration.Register);
WebApplication app = builder.Build();
app.MapVideoGenFunctionApp();
app.Run();

/// <summary>Entry point; public so tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
