package io.drift.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.client.DriftClient;
import io.drift.proto.v1.ListCollectionsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API key on and off, TLS with a certificate made for the test, the loopback rule, health and reflection. */
class ServerSecurityTest {

    static final String KEY = "s3cret-key";

    @TempDir
    Path tmp;

    private static final ListCollectionsRequest LIST = ListCollectionsRequest.getDefaultInstance();

    @Test
    void withoutAnApiKeyEveryCallIsOpen() throws Exception {
        try (TestServer s = TestServer.start(tmp.resolve("data"))) {
            s.create("open", 2);
            assertEquals(List.of("open"), s.stub().listCollections(LIST).getCollectionsList());
            List<String> services = List.of("drift.v1.Drift", "grpc.health.v1.Health",
                    "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");
            assertEquals(services, reflectedServices(s.client));
            assertEquals(services, reflectedServicesV1Alpha(s.client));
        }
    }

    @Test
    void anApiKeyGuardsEveryCallButHealth() throws Exception {
        try (TestServer s = TestServer.start(tmp.resolve("data"), settings -> settings.withApiKey(KEY))) {
            s.create("guarded", 2); // the test client sends the key
            try (DriftClient anonymous = DriftClient.connect(s.target());
                 DriftClient wrong = DriftClient.builder(s.target()).apiKey("not-it").build()) {
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                        () -> anonymous.blocking().listCollections(LIST));
                assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
                assertTrue(e.getStatus().getDescription().contains("Bearer"), e.toString());
                e = assertThrows(StatusRuntimeException.class, () -> wrong.blocking().listCollections(LIST));
                assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
                assertEquals("invalid API key", e.getStatus().getDescription());
                e = assertThrows(StatusRuntimeException.class, () -> reflectedServices(anonymous));
                assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
                e = assertThrows(StatusRuntimeException.class, () -> reflectedServicesV1Alpha(anonymous));
                assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());

                assertEquals(HealthCheckResponse.ServingStatus.SERVING, health(anonymous, ""));
                assertEquals(HealthCheckResponse.ServingStatus.SERVING, health(anonymous, "drift.v1.Drift"));
            }
            assertEquals(List.of("guarded"), s.stub().listCollections(LIST).getCollectionsList());
            assertEquals(4, reflectedServices(s.client).size());

            CliRun denied = CliRun.of("list", "--server", s.target(), "--api-key", "");
            assertEquals(1, denied.exitCode(), denied.toString());
            assertTrue(denied.err().contains("UNAUTHENTICATED"), denied.toString());
            CliRun allowed = CliRun.of("list", "--server", s.target(), "--api-key", KEY);
            assertEquals("guarded\n", allowed.out(), allowed.toString());
        }
    }

    @Test
    void tlsWithACertificateMadeForTheTest() throws Exception {
        Path[] pem = selfSignedCertificate(tmp);
        try (TestServer s = TestServer.start(tmp.resolve("data"),
                settings -> settings.withTls(pem[0], pem[1]).withApiKey(KEY))) {
            // the test's own client speaks plaintext: the server refuses it
            assertThrows(StatusRuntimeException.class, () -> s.stub().listCollections(LIST));
            try (DriftClient tls = DriftClient.builder("localhost:" + s.server.port()).trustedCertificates(pem[0])
                    .apiKey(KEY).build()) {
                tls.blocking().createCollection(io.drift.proto.v1.CreateCollectionRequest.newBuilder().setName("secure")
                        .setDim(3).setMetric(io.drift.proto.v1.Metric.METRIC_COSINE).build());
                assertEquals(List.of("secure"), tls.blocking().listCollections(LIST).getCollectionsList());
                assertEquals(HealthCheckResponse.ServingStatus.SERVING, health(tls, ""));
            }
            CliRun cli = CliRun.of("list", "--server", "localhost:" + s.server.port(), "--ca-cert", pem[0].toString(),
                    "--api-key", KEY);
            assertEquals("secure\n", cli.out(), cli.toString());
            CliRun untrusted = CliRun.of("list", "--server", "localhost:" + s.server.port(), "--tls", "--api-key", KEY);
            assertEquals(1, untrusted.exitCode(), untrusted.toString());
            assertTrue(untrusted.err().contains("UNAVAILABLE"), untrusted.toString());
        }
    }

    @Test
    void aNonLoopbackBindNeedsAnApiKeyOrInsecure() throws Exception {
        Path data = tmp.resolve("data");
        ServerSettings open = ServerSettings.defaults().withDataDir(data).withPort(0).withBind("0.0.0.0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DriftServer.start(open));
        assertTrue(e.getMessage().contains("--insecure") && e.getMessage().contains("--api-key"), e.getMessage());
        assertFalse(Files.exists(data), "refused before the data directory was touched");
        open.withApiKey(KEY).checkedBindAddress();
        open.withInsecure(true).checkedBindAddress();
        ServerSettings.defaults().withBind("::1").checkedBindAddress();
    }

    static HealthCheckResponse.ServingStatus health(DriftClient client, String service) {
        return HealthGrpc.newBlockingStub(client.channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }

    /** The services server reflection lists, sorted; checks that it also serves drift.v1's file. */
    static List<String> reflectedServices(DriftClient client) throws Exception {
        CompletableFuture<List<ServerReflectionResponse>> done = new CompletableFuture<>();
        List<ServerReflectionResponse> responses = new java.util.ArrayList<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(client.channel())
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse r) {
                        responses.add(r);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(responses);
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onNext(ServerReflectionRequest.newBuilder().setFileContainingSymbol("drift.v1.Drift").build());
        requests.onCompleted();
        List<ServerReflectionResponse> got = ServerErrorsTest.join(done);
        assertEquals(2, got.size());
        assertTrue(got.get(1).getFileDescriptorResponse().getFileDescriptorProtoList().stream()
                .anyMatch(b -> b.toStringUtf8().contains("SearchRequest")), "drift.proto is served");
        return got.get(0).getListServicesResponse().getServiceList().stream().map(x -> x.getName()).sorted().toList();
    }

    /** The services the older reflection protocol (v1alpha, which older grpcurl speaks) lists, sorted. */
    static List<String> reflectedServicesV1Alpha(DriftClient client) throws Exception {
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        List<String> names = new java.util.ArrayList<>();
        StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> requests =
                io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(client.channel())
                        .serverReflectionInfo(new StreamObserver<>() {
                            @Override
                            public void onNext(io.grpc.reflection.v1alpha.ServerReflectionResponse r) {
                                r.getListServicesResponse().getServiceList().forEach(x -> names.add(x.getName()));
                            }

                            @Override
                            public void onError(Throwable t) {
                                done.completeExceptionally(t);
                            }

                            @Override
                            public void onCompleted() {
                                done.complete(names);
                            }
                        });
        requests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();
        return ServerErrorsTest.join(done).stream().sorted().toList();
    }

    /**
     * A self-signed certificate for localhost and 127.0.0.1 made with the JDK's keytool, as PEM
     * files: {certificate, PKCS#8 private key}.
     */
    static Path[] selfSignedCertificate(Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "drift", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate cert = ks.getCertificate("drift");
        PrivateKey key = (PrivateKey) ks.getKey("drift", "changeit".toCharArray());
        Path certPem = dir.resolve("server.crt");
        Path keyPem = dir.resolve("server.key");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded())); // PKCS#8
        return new Path[] {certPem, keyPem};
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
