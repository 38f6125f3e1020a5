using System.Collections;
using System.Reflection;
using Microsoft.Coyote.SystematicTesting;

namespace Padata.Harness.Reductions;

/// <summary>
/// Coyote 1.7.11's internal list of schedule reducers, which every scheduling decision passes
/// its enabled operations through (docs/design.md §5): how the thread-start reduction and the
/// timeline's observer reach the scheduler. Found by reflection; every lookup that fails says
/// what moved, in the words of the caller's <c>missing</c>.
/// </summary>
/// <param name="Reducers">The scheduler's list; what is added to it sees every decision.</param>
/// <param name="ReducerInterface">Coyote's internal <c>IScheduleReducer</c>, for <see cref="DispatchProxy.Create(Type, Type)"/>.</param>
/// <param name="Operation">Coyote's internal <c>ControlledOperation</c>, the type of the operations a reducer is given.</param>
internal sealed record SchedulerReducers(IList Reducers, Type ReducerInterface, Type Operation)
{
    public static SchedulerReducers Of(TestingEngine engine, Func<string, Exception> missing)
    {
        PropertyInfo schedulerProperty =
            typeof(TestingEngine).GetProperty("Scheduler", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw missing("TestingEngine.Scheduler");
        object scheduler = schedulerProperty.GetValue(engine) ?? throw missing("TestingEngine.Scheduler (null)");
        FieldInfo reducersField = scheduler.GetType().GetField("Reducers", BindingFlags.Instance | BindingFlags.NonPublic)
                                  ?? throw missing("OperationScheduler.Reducers");
        var reducers = (IList)(reducersField.GetValue(scheduler) ?? throw missing("OperationScheduler.Reducers (null)"));
        Type reducerInterface = reducersField.FieldType.GetGenericArguments()[0];
        Type operation = reducerInterface.GetMethod("ReduceOperations")?.GetParameters()[1].ParameterType
                         ?? throw missing("IScheduleReducer.ReduceOperations");
        return new SchedulerReducers(reducers, reducerInterface, operation);
    }
}
