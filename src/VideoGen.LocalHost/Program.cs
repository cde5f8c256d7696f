using VideoGen.LocalHost;
using VideoGen.Pipeline.Workflow;

// The VideoGen local host: the workflow classes on the Durable Task Framework over Azure Storage (Azurite), and the
// function app's handlers served from its own routes, queue poller and upload watcher. See functions/README.md.
WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.AddVideoGenLocalHost(tasks => tasks.Add(WorkflowRegistration.Orchestrators, WorkflowRegistration.Activities));
WebApplication app = builder.Build();
app.MapVideoGenLocalHost();
app.Run();

/// <summary>Entry point; public so tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
