package io.drift.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DriftClientTest {

    @Test
    void targetsAreHostAndPort() {
        assertEquals(new DriftClient.HostPort("127.0.0.1", 7600), DriftClient.HostPort.parse("127.0.0.1:7600", 1));
        assertEquals(new DriftClient.HostPort("db.example", 9000), DriftClient.HostPort.parse(" db.example:9000 ", 1));
        assertEquals(new DriftClient.HostPort("localhost", 7600), DriftClient.HostPort.parse("localhost", 7600));
        assertEquals(new DriftClient.HostPort("::1", 7600), DriftClient.HostPort.parse("::1", 7600));
        assertEquals(new DriftClient.HostPort("::1", 7700), DriftClient.HostPort.parse("[::1]:7700", 7600));
        assertEquals(new DriftClient.HostPort("::1", 7600), DriftClient.HostPort.parse("[::1]", 7600));
        assertEquals("[::1]:7700", DriftClient.HostPort.parse("[::1]:7700", 7600).toString());
        for (String bad : new String[] {"host:port", ":7600", "host:0", "host:70000", ""}) {
            assertThrows(IllegalArgumentException.class, () -> DriftClient.HostPort.parse(bad, 7600), bad);
        }
    }
}
