using Microsoft.WindowsAzure.ServiceRuntime;

namespace WebFrontEnd
{
    public class WebRole : RoleEntryPoint
    {
        public override bool OnStart() => base.OnStart();
    }
}
