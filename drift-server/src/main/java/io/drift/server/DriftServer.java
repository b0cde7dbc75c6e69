package io.drift.server;

import io.drift.DriftEngine;
import io.drift.proto.v1.DriftGrpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.ServerCredentials;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A running Drift gRPC server: the {@code drift.v1.Drift} service over a {@link DriftEngine}, the
 * standard health service, server reflection, and optionally a Prometheus endpoint.
 *
 * <pre>{@code
 * try (DriftServer server = DriftServer.start(ServerSettings.defaults().withPort(0))) {
 *     System.out.println("listening on " + server.port());
 *     server.awaitTermination();
 * }
 * }</pre>
 *
 * <p>Threads: the server has its own transport threads ({@link EventLoops}). Searches (Search,
 * SearchStream) and {@code ListCollections} (short, CPU-bound, never blocking) run on the transport's event-loop
 * thread, saving a thread hop per call, unless another is already in
 * flight on the same connection (its calls share one event loop), then on a virtual thread
 * ({@link TransportDispatch}); every other call (writes wait for an fsync, flushes for a segment
 * build) runs on a virtual thread of its own.
 *
 * <p>{@link #close()} drains: the health service turns {@code NOT_SERVING}, new calls are refused
 * {@code UNAVAILABLE}, open UpsertStreams end after their current batch (telling the client how
 * many points were written) and open SearchStreams with {@code UNAVAILABLE}, calls in flight get {@link ServerSettings#drainTimeout()} to finish,
 * then the engine is closed (its write-ahead log synced) if the server opened it.
 */
public final class DriftServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DriftServer.class.getName());

    /** Methods answered on the transport threads (see the class comment). */
    private static final Set<String> ON_TRANSPORT = Set.of(
            DriftGrpc.getSearchMethod().getFullMethodName(),
            DriftGrpc.getSearchStreamMethod().getFullMethodName(),
            DriftGrpc.getListCollectionsMethod().getFullMethodName());

    private final ServerSettings settings;
    private final Frontend frontend;
    private final DriftEngine engine;
    private final boolean ownsEngine;
    private final DriftService service;
    private final ServerMetrics metrics;
    private final HealthStatusManager health = new HealthStatusManager();
    /** Where searches and {@code ListCollections} run (see the class comment). */
    private final TransportDispatch onTransport;
    private final ExecutorService blockingCalls =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("drift-rpc-", 0).factory());
    /** Netty's default count, two per core: searches run on them (see the class comment). */
    private final EventLoops eventLoops = new EventLoops(2 * Runtime.getRuntime().availableProcessors());
    private Server server;
    private HTTPServer metricsServer;
    private boolean closed;

    private DriftServer(ServerSettings settings, Frontend frontend, DriftEngine engine, boolean ownsEngine) {
        this.settings = settings;
        this.frontend = frontend;
        this.engine = engine;
        this.ownsEngine = ownsEngine;
        this.metrics = new ServerMetrics(engine);
        this.service = new DriftService(engine, metrics);
        this.onTransport = new TransportDispatch(frontend.onTransport(ON_TRANSPORT), blockingCalls);
    }

    /**
     * Opens the engine on {@link ServerSettings#dataDir()} and starts serving it; closing the
     * server closes the engine.
     *
     * @throws IllegalArgumentException for settings that must not run (a non-loopback bind
     *     without an API key or {@code insecure})
     * @throws IOException when the data directory is in use by another engine, cannot be
     *     recovered, or a port cannot be bound
     */
    public static DriftServer start(ServerSettings settings) throws IOException {
        return start(settings, Frontend.SINGLE_NODE);
    }

    /** As {@link #start(ServerSettings)}, serving {@code frontend} in front of the engine. */
    public static DriftServer start(ServerSettings settings, Frontend frontend) throws IOException {
        InetAddress bind = settings.checkedBindAddress(); // before taking the data directory
        DriftEngine engine = DriftEngine.open(settings.dataDir());
        try {
            return new DriftServer(settings, frontend, engine, true).start(bind);
        } catch (IOException | RuntimeException e) {
            frontend.stopped();
            engine.close();
            throw e;
        }
    }

    /** Serves an engine the caller owns (and closes after the server). */
    public static DriftServer start(DriftEngine engine, ServerSettings settings) throws IOException {
        return new DriftServer(settings, Frontend.SINGLE_NODE, engine, false).start(settings.checkedBindAddress());
    }

    private DriftServer start(InetAddress bind) throws IOException {
        List<ServerServiceDefinition> services = frontend.services(new EngineServices(engine, service.bindService(), service.searches()));
        Set<String> served = new HashSet<>();
        for (ServerServiceDefinition s : services) {
            served.add(s.getServiceDescriptor().getName());
        }
        ServerCredentials credentials = settings.tls()
                ? TlsServerCredentials.create(settings.tlsCert().toFile(), settings.tlsKey().toFile())
                : InsecureServerCredentials.create();
        NettyServerBuilder builder = eventLoops.applyTo(NettyServerBuilder.forAddress(
                        new InetSocketAddress(bind, settings.port()), credentials))
                .directExecutor()
                .callExecutor(new ServerCallExecutorSupplier() {
                    @Override
                    public <Q, R> Executor getExecutor(ServerCall<Q, R> call, io.grpc.Metadata headers) {
                        String method = call.getMethodDescriptor().getFullMethodName();
                        if (onTransport.handles(method)) {
                            return onTransport.executorFor(call);
                        }
                        return served.contains(call.getMethodDescriptor().getServiceName()) ? blockingCalls : null;
                    }
                })
                .maxInboundMessageSize(settings.maxMessageBytes())
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .addService(reflectionV1Alpha());
        services.forEach(builder::addService);
        if (settings.requiresApiKey()) {
            builder.intercept(new ApiKeyInterceptor(settings.apiKey()));
        }
        builder.intercept(metrics.interceptor()); // added late, so it runs early and also sees refused calls
        builder.intercept(onTransport); // first of all: it counts out every call it counted in
        try {
            server = builder.build().start();
            if (settings.metricsPort() != ServerSettings.NO_METRICS) {
                metricsServer = HTTPServer.builder().inetAddress(bind).port(settings.metricsPort())
                        .registry(metrics.registry()).buildAndStart();
            }
        } catch (IOException | RuntimeException e) {
            stopTransports();
            throw new IOException("cannot listen on " + bind.getHostAddress() + ": " + e.getMessage(), e);
        }
        try {
            frontend.started(port());
        } catch (IOException | RuntimeException e) {
            stopTransports();
            throw e;
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        health.setStatus(DriftGrpc.SERVICE_NAME, ServingStatus.SERVING);
        LOG.log(System.Logger.Level.INFO, "serving {0} ({1} collections) on {2}:{3,number,#} ({4}, {5}){6}",
                engine.dataDir().toAbsolutePath(), engine.listCollections().size(), bind.getHostAddress(), port(),
                settings.tls() ? "TLS" : "plaintext",
                settings.requiresApiKey() ? "API key required" : "no API key",
                metricsServer == null ? "" : "; metrics on http://" + bind.getHostAddress() + ":"
                        + metricsServer.getPort() + "/metrics");
        return this;
    }

    /**
     * Server reflection's older protocol, {@code grpc.reflection.v1alpha}: the only one that older
     * grpcurl releases, Postman and evans ask for.
     */
    @SuppressWarnings("deprecation") // grpc-java keeps it for those clients
    private static io.grpc.BindableService reflectionV1Alpha() {
        return io.grpc.protobuf.services.ProtoReflectionService.newInstance();
    }

    /** The port the gRPC server listens on (the one chosen when the settings asked for 0). */
    public int port() {
        return server.getPort();
    }

    /** The Prometheus endpoint's port, or -1 without one. */
    public int metricsPort() {
        return metricsServer == null ? ServerSettings.NO_METRICS : metricsServer.getPort();
    }

    public DriftEngine engine() {
        return engine;
    }

    public ServerSettings settings() {
        return settings;
    }

    /** Waits until the server has stopped. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Drains and stops (see the class comment); the second and later calls do nothing. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        LOG.log(System.Logger.Level.INFO, "shutting down: finishing the calls in flight (up to {0} s)",
                settings.drainTimeout().toSeconds());
        health.enterTerminalState();
        server.shutdown();
        service.drain();
        frontend.drain();
        try {
            if (!server.awaitTermination(settings.drainTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "calls still running after {0} s are cancelled",
                        settings.drainTimeout().toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopTransports();
        frontend.stopped();
        if (ownsEngine) {
            engine.close(); // syncs every write-ahead log
        }
        LOG.log(System.Logger.Level.INFO, "stopped");
    }

    private void stopTransports() {
        if (server != null) {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        eventLoops.shutdown();
        // no interrupts: an interrupted thread in FileChannel I/O would close the write-ahead log
        blockingCalls.shutdown();
        if (metricsServer != null) {
            metricsServer.close();
        }
    }
}
