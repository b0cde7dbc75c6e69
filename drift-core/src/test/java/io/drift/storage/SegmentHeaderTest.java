package io.drift.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.drift.vector.Distance;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SegmentHeaderTest {
    static final Path FILE = Path.of("000003.drift");

    @Test
    void roundTripsEveryMetricAndPinsTheLayout() throws Exception {
        for (Distance m : Distance.values()) {
            SegmentHeader h = new SegmentHeader(Footer.VERSION, 784, m, 60_000, 61);
            byte[] page = new byte[4096];
            h.encode().get(page);
            assertEquals(h, SegmentHeader.read(MemorySegment.ofArray(page), FILE));
            assertEquals('D', page[0]);
            assertEquals(Footer.VERSION, page[8]);
            assertEquals(784 & 0xff, page[12] & 0xff);
            assertEquals(SegmentHeader.metricCode(m), page[16]);
            assertEquals(61, page[32]);
        }
    }

    @Test
    void damageIsReportedWithTheRegion() {
        byte[] page = new byte[4096];
        new SegmentHeader(Footer.VERSION, 16, Distance.L2, 10, 1).encode().get(page);
        for (int i = 0; i < 40; i++) {
            byte[] bad = page.clone();
            bad[i] ^= 0x01;
            CorruptFileException e = assertThrows(CorruptFileException.class,
                    () -> SegmentHeader.read(MemorySegment.ofArray(bad), FILE), "byte " + i);
            assertEquals("header page", e.region());
        }
    }
}
