package io.drift.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FooterTest {
    static final Path FILE = Path.of("000007.drift");

    static byte[] fileWith(Footer footer, int bodyBytes) {
        ByteBuffer encoded = footer.encode();
        byte[] file = new byte[4096 + bodyBytes + Footer.BYTES];
        encoded.get(file, file.length - Footer.BYTES, Footer.BYTES);
        return file;
    }

    @Test
    void roundTripAndLayout() throws Exception {
        Footer f = new Footer(8192, 100, 4096, 2000, 6144, 192, Footer.VERSION);
        byte[] file = fileWith(f, 8192);
        assertEquals(f, Footer.read(MemorySegment.ofArray(file), FILE));
        // magic in the last 8 bytes, version at 48
        assertEquals("DRIFT_V1", new String(file, file.length - 8, 8, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(Footer.VERSION, file[file.length - 64 + 48]);
    }

    @Test
    void everyByteOfTheFooterIsChecked() {
        Footer f = new Footer(8192, 100, 4096, 2000, 6144, 192, Footer.VERSION);
        byte[] good = fileWith(f, 8192);
        for (int i = 0; i < Footer.BYTES; i++) {
            byte[] bad = good.clone();
            bad[good.length - Footer.BYTES + i] ^= 0x10;
            CorruptFileException e = assertThrows(CorruptFileException.class,
                    () -> Footer.read(MemorySegment.ofArray(bad), FILE), "byte " + i);
            assertEquals("footer", e.region());
            assertTrue(e.getMessage().startsWith("corrupt index file 000007.drift: footer: "), e.getMessage());
        }
    }

    @Test
    void truncatedFilesAndRegionsOutsideTheBodyAreCorrupt() {
        assertTrue(assertThrows(CorruptFileException.class, () -> Footer.read(MemorySegment.ofArray(new byte[100]), FILE))
                .getMessage().contains("shorter than a header page and a footer"));
        Footer outside = new Footer(8192, 1_000_000, 4096, 2000, 6144, 192, Footer.VERSION);
        assertTrue(assertThrows(CorruptFileException.class,
                () -> Footer.read(MemorySegment.ofArray(fileWith(outside, 8192)), FILE))
                .getMessage().contains("bucket directory at [8192, +1000000) lies outside the file body"));
        Footer inHeader = new Footer(8192, 100, 100, 2000, 6144, 192, Footer.VERSION);
        assertThrows(CorruptFileException.class, () -> Footer.read(MemorySegment.ofArray(fileWith(inHeader, 8192)), FILE));
        Footer future = new Footer(8192, 100, 4096, 2000, 6144, 192, Footer.VERSION + 1);
        assertTrue(assertThrows(CorruptFileException.class,
                () -> Footer.read(MemorySegment.ofArray(fileWith(future, 8192)), FILE))
                .getMessage().contains("format version " + (Footer.VERSION + 1) + " is not supported"));
        Footer ancient = new Footer(8192, 100, 4096, 2000, 6144, 192, 0);
        assertThrows(CorruptFileException.class, () -> Footer.read(MemorySegment.ofArray(fileWith(ancient, 8192)), FILE));
    }
}
