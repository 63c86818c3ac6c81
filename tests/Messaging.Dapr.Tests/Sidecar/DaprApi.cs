using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Jade.Messaging.Dapr.Tests.Sidecar;

/// <summary>
/// The one method of the Dapr runtime's gRPC service (<c>dapr.proto.runtime.v1.Dapr</c>) the bus uses. Dapr.Protos
/// ships client stubs only, so the server side is bound by hand from the package's message types, in the shape generated
/// server code has (ASP.NET Core's gRPC binds the overrides of the base the bind method takes).
/// </summary>
[BindServiceMethod(typeof(DaprApiBase), nameof(BindService))]
internal abstract class DaprApiBase
{
    private static readonly Method<PublishEventRequest, Empty> PublishEventMethod = new(
        MethodType.Unary,
        "dapr.proto.runtime.v1.Dapr",
        nameof(PublishEvent),
        Marshallers.Create(r => r.ToByteArray(), PublishEventRequest.Parser.ParseFrom),
        Marshallers.Create(r => r.ToByteArray(), Empty.Parser.ParseFrom));

    public static void BindService(ServiceBinderBase binder, DaprApiBase? service) =>
        binder.AddMethod(PublishEventMethod, service is null ? null : service.PublishEvent);

    public abstract Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context);
}

internal sealed class DaprApi(FakeDaprSidecar sidecar) : DaprApiBase
{
    public override async Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
    {
        await sidecar.ReceiveAsync(request);
        return new Empty();
    }
}
