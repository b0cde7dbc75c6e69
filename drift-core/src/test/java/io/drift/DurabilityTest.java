package io.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurabilityTest {

    @Test
    void textRoundTripsAndBadTextIsNamed() {
        assertEquals(Durability.SYNC, Durability.parse("sync"));
        assertEquals(Durability.async(Duration.ofMillis(250)), Durability.parse("async-250ms"));
        assertEquals("async-250ms", Durability.async(Duration.ofMillis(250)).toString());
        assertEquals("sync", Durability.SYNC.toString());
        for (String bad : new String[] {"SYNC", "async-ms", "async-0ms", "async-12", "async-99999999999999999999ms", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durability.parse(bad), bad);
            assertTrue(e.getMessage().contains(bad.equals("async-0ms") ? "positive" : "'" + bad + "'"), e.getMessage());
        }
    }
}
