package io.drift.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.proto.v1.ListCollectionsRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server answers on transport threads of its own, and stops them when it closes. */
class EventLoopsTest {

    @TempDir
    Path tmp;

    /** The live transport threads that were not running before: other tests' servers are not this one's. */
    private static List<String> transportThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t))
                .map(Thread::getName)
                .filter(n -> n.startsWith("drift-transport") || n.startsWith("drift-accept"))
                .toList();
    }

    @Test
    void theServersOwnTransportThreadsServeItsCallsAndStopWithIt() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        TestServer s = TestServer.start(tmp.resolve("data"));
        try {
            s.create("c", 4);
            // ListCollections runs on the event loop of its connection, one of the server's own
            assertEquals(1, s.stub().listCollections(ListCollectionsRequest.getDefaultInstance()).getCollectionsCount());
            List<String> running = transportThreads(before);
            assertTrue(running.stream().anyMatch(n -> n.startsWith("drift-accept")), running.toString());
            assertTrue(running.stream().anyMatch(n -> n.startsWith("drift-transport")), running.toString());
        } finally {
            s.close();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!transportThreads(before).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of(), transportThreads(before), "transport threads left running after close");
    }
}
