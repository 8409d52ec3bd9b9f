using System.Threading;
using Microsoft.WindowsAzure.ServiceRuntime;

namespace QueueWorker
{
    public class WorkerRole : RoleEntryPoint
    {
        public override void Run()
        {
            while (true) { Thread.Sleep(10000); }
        }
    }
}
