namespace TinyNets.Tests;

/// <summary>
/// Bytes a repeated action allocates on this thread once warm. Tiered compilation promotes hot methods a while after
/// their first calls, and the call that trips a promotion may allocate; so: warm up, let the promotions land, then take
/// the smallest of three windows. An action that allocated at every call would show in all three.
/// </summary>
internal static class Allocation
{
    public static long SteadyStateBytes(Action action, int calls = 1000)
    {
        for (int i = 0; i < 2 * calls; i++) action();
        Thread.Sleep(300);
        for (int i = 0; i < calls; i++) action();
        long least = long.MaxValue;
        for (int window = 0; window < 3; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++) action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
