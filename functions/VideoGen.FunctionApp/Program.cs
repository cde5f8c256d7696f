using VideoGen.FunctionApp;

// VideoGen's Azure Functions app (.NET isolated worker): the workflow classes under the Durable extension, and the
// HTTP, queue and blob handlers of VideoGen.Functions behind thin [Function] wrappers. See functions/README.md.
FunctionsApplicationBuilder builder = FunctionAppComposition.CreateBuilder(args);
builder.Build().Run();
