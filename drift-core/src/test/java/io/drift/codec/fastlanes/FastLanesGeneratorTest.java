package io.drift.codec.fastlanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code FastLanesKernels.java} is generated; the build checks that the checked-in file is exactly
 * what its generator writes, so a hand edit of the output, or a generator change not followed by
 * regenerating, fails here. Needs {@code python3} (installed by {@code bin/setup}).
 */
class FastLanesGeneratorTest {

    @Test
    void theKernelsAreWhatTheGeneratorWrites() throws Exception {
        Path generator = Path.of("src", "main", "codegen", "gen_fastlanes.py");
        assertTrue(Files.isRegularFile(generator), "the generator at " + generator.toAbsolutePath());
        Process p = new ProcessBuilder("python3", generator.toString(), "--check").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the generator finished");
        assertEquals(0, p.exitValue(), output);
    }
}
