package io.drift.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskManagerTest {
    @TempDir
    Path dir;

    @Test
    void publishRenamesAtomicallyAndTheMappingSeesTheBytes() throws Exception {
        Path target = dir.resolve("000001.drift");
        Path temp = DiskManager.tempFileFor(target);
        assertEquals("000001.drift.tmp", temp.getFileName().toString());
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            AlignedFileWriter w = new AlignedFileWriter(ch);
            assertEquals(0, w.write(ByteBuffer.wrap(new byte[] {1, 2, 3})));
            w.alignTo(AlignedFileWriter.LINE);
            assertEquals(64, w.position());
            assertEquals(64, w.write(ByteBuffer.wrap(new byte[] {4})));
            w.alignTo(AlignedFileWriter.PAGE);
            assertEquals(4096, w.position());
            w.alignTo(AlignedFileWriter.PAGE); // already aligned: no padding
            assertEquals(4096, w.position());
        }
        DiskManager.publish(temp, target);
        assertFalse(Files.exists(temp));
        assertEquals(4096, Files.size(target));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = DiskManager.mapReadOnly(target, arena);
            assertEquals(4096, m.byteSize());
            assertArrayEquals(new byte[] {1, 2, 3, 0}, m.asSlice(0, 4).toArray(ValueLayout.JAVA_BYTE));
            assertEquals(4, m.get(ValueLayout.JAVA_BYTE, 64));
            assertTrue(m.isReadOnly());
            assertThrows(IllegalArgumentException.class, () -> m.set(ValueLayout.JAVA_BYTE, 0, (byte) 9));
        }
    }
}
