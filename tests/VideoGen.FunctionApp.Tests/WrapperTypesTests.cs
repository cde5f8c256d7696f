using System.Reflection;
using Microsoft.DurableTask;
using VideoGen.FunctionApp.Tests.Support;
using VideoGen.Pipeline.Workflow;

namespace VideoGen.FunctionApp.Tests;

/// <summary>
/// The orchestration and activity wrappers in the app assembly, by reflection: one per workflow class, named after it,
/// taking and returning the class's own input and output types (the Durable extension serializes by these types, so a
/// wrapper with another type would deserialize a different payload than the orchestrator sent).
/// </summary>
public sealed class WrapperTypesTests
{
    private const string WorkerNamespace = "Microsoft.Azure.Functions.Worker.";

    private static IReadOnlyList<(string Name, MethodInfo Method)> Functions() =>
        [.. AppBuild.Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Attribute: m.CustomAttributes.SingleOrDefault(a => a.AttributeType.FullName == WorkerNamespace + "FunctionAttribute"), Method: m))
            .Where(x => x.Attribute is not null)
            .Select(x => ((string)x.Attribute!.ConstructorArguments[0].Value!, x.Method))];

    private static (Type In, Type Out) Contract(Type workflowClass, Type genericBase)
    {
        for (Type? t = workflowClass; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == genericBase)
            {
                return (t.GenericTypeArguments[0], t.GenericTypeArguments[1]);
            }
        }

        throw new InvalidOperationException($"{workflowClass.Name} does not derive from {genericBase.Name}.");
    }

    private static List<string> Check(Type workflowClass, Type genericBase, string triggerAttribute, Func<Type, Type> expectedTriggerType)
    {
        var problems = new List<string>();
        (Type input, Type output) = Contract(workflowClass, genericBase);
        var wrappers = Functions().Where(f => f.Name == workflowClass.Name).ToList();
        if (wrappers.Count != 1)
        {
            problems.Add($"{workflowClass.Name}: {wrappers.Count} [Function(\"{workflowClass.Name}\")] wrappers in the app, expected exactly one");
            return problems;
        }

        MethodInfo m = wrappers[0].Method;
        string where = $"{workflowClass.Name} ({m.DeclaringType!.Name}.{m.Name})";
        var triggers = m.GetParameters().Where(p => p.CustomAttributes.Any(a => a.AttributeType.FullName == WorkerNamespace + triggerAttribute)).ToList();
        if (triggers.Count != 1)
        {
            problems.Add($"{where}: {triggers.Count} [{triggerAttribute}] parameters, expected one");
        }
        else if (triggers[0].ParameterType != expectedTriggerType(input))
        {
            problems.Add($"{where}: trigger parameter is {triggers[0].ParameterType.Name}, expected {expectedTriggerType(input).Name}");
        }

        Type returns = typeof(Task<>).MakeGenericType(output);
        if (m.ReturnType != returns)
        {
            problems.Add($"{where}: returns {m.ReturnType}, expected {returns}");
        }

        return problems;
    }

    [Fact]
    public void EveryActivity_HasOneWrapper_TakingItsInputAndReturningItsOutput()
    {
        var problems = WorkflowRegistration.Activities.SelectMany(a => Check(a, typeof(TaskActivity<,>), "ActivityTriggerAttribute", input => input)).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void EveryOrchestrator_HasOneWrapper_OnTheOrchestrationContextReturningItsOutput()
    {
        var problems = WorkflowRegistration.Orchestrators
            .SelectMany(o => Check(o, typeof(TaskOrchestrator<,>), "OrchestrationTriggerAttribute", _ => typeof(TaskOrchestrationContext))).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void FunctionNames_AreUnique()
    {
        var duplicates = Functions().GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "Function names used twice: " + string.Join(", ", duplicates));
    }
}
