package io.drift.cluster.route;

import io.drift.proto.v1.DriftGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service a node serves its shards under, {@value #SERVICE}: the {@code drift.v1} service over
 * the node's own engine, method for method, under another name. A node's routers call it; clients
 * call {@code drift.v1}, which routes. Its collections are the shards' ({@link ShardNames}).
 */
public final class ShardMethods {

    public static final String SERVICE = "drift.cluster.v1.Shard";

    private static final Map<String, MethodDescriptor<?, ?>> RENAMED = new ConcurrentHashMap<>();

    private ShardMethods() {
    }

    /** {@code engineService} ({@code drift.v1} over the node's engine) served as {@value #SERVICE}. */
    public static ServerServiceDefinition service(ServerServiceDefinition engineService) {
        ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(SERVICE);
        for (ServerMethodDefinition<?, ?> m : engineService.getMethods()) {
            add(b, m);
        }
        return b.build();
    }

    private static <Q, R> void add(ServerServiceDefinition.Builder b, ServerMethodDefinition<Q, R> m) {
        b.addMethod(renamed(m.getMethodDescriptor()), m.getServerCallHandler());
    }

    /** The shard service's twin of a {@code drift.v1} method, e.g. {@code DriftGrpc.getSearchMethod()}. */
    @SuppressWarnings("unchecked")
    public static <Q, R> MethodDescriptor<Q, R> renamed(MethodDescriptor<Q, R> driftMethod) {
        if (!DriftGrpc.SERVICE_NAME.equals(driftMethod.getServiceName())) {
            throw new IllegalArgumentException(driftMethod.getFullMethodName() + " is not a drift.v1 method");
        }
        return (MethodDescriptor<Q, R>) RENAMED.computeIfAbsent(driftMethod.getFullMethodName(),
                k -> driftMethod.toBuilder()
                        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE,
                                driftMethod.getBareMethodName()))
                        .build());
    }
}
