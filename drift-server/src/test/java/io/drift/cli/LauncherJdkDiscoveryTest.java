package io.drift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK discovery that {@code bin/drift} and {@code bin/test} share ({@code bin/lib/common.sh}),
 * run by bash against fake JDK installations: JAVA_HOME first when it is new enough, else the
 * newest JDK >= 25 among the install paths, else a message listing what was found.
 */
class LauncherJdkDiscoveryTest {
    @TempDir
    Path tmp;

    private Path jvms;

    @BeforeEach
    void fakeJdks() throws IOException {
        jvms = tmp.resolve("jvm");
        fakeJdk("jdk-17", "17.0.15", null);
        fakeJdk("jdk-25", "25.0.3", null);
        fakeJdk("jdk-26", "26", null);
        Files.createDirectories(jvms.resolve("not-a-jdk"));
    }

    @Test
    void javaHomeWinsWhenItIsNewEnough() throws Exception {
        Result r = findJdk(jvms.resolve("jdk-25"), jvms + "/*");
        assertEquals(0, r.exit, r.err);
        assertEquals(jvms.resolve("jdk-25").toString(), r.out.strip());
    }

    @Test
    void anOldJavaHomeFallsBackToTheNewestInstalledJdk() throws Exception {
        Result r = findJdk(jvms.resolve("jdk-17"), jvms + "/*");
        assertEquals(0, r.exit, r.err);
        assertEquals(jvms.resolve("jdk-26").toString(), r.out.strip());
    }

    @Test
    void aJdkWithoutReleaseFileIsAskedForItsVersion() throws Exception {
        Path other = tmp.resolve("other");
        fakeJdk(other, "jdk-no-release", null, "25");
        Result r = findJdk(null, other + "/*");
        assertEquals(0, r.exit, r.err);
        assertEquals(other.resolve("jdk-no-release").toString(), r.out.strip());
    }

    @Test
    void noSuitableJdkIsAClearError() throws Exception {
        Path old = tmp.resolve("old");
        fakeJdk(old, "jdk-17", "17.0.15", null);
        Result r = findJdk(null, old + "/*");
        assertEquals(1, r.exit);
        assertTrue(r.err.contains("no JDK >= 25 found"), r.err);
        assertTrue(r.err.contains(old.resolve("jdk-17") + " (17)"), r.err);
        assertTrue(r.err.contains("set JAVA_HOME"), r.err);
    }

    private void fakeJdk(String name, String version, String specVersion) throws IOException {
        fakeJdk(jvms, name, version, specVersion);
    }

    /** A directory that looks like a JDK: bin/java and bin/javac, and a release file when {@code version} is set. */
    private static void fakeJdk(Path parent, String name, String version, String specVersion) throws IOException {
        Path home = parent.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        String java = "#!/bin/sh\necho '    java.specification.version = " + (specVersion == null ? "0" : specVersion) + "' >&2\n";
        for (String tool : new String[] {"java", "javac"}) {
            Path p = home.resolve("bin").resolve(tool);
            Files.writeString(p, java);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        if (version != null) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        }
    }

    private record Result(int exit, String out, String err) {}

    private Result findJdk(Path javaHome, String dirs) throws Exception {
        Path common = projectRoot().resolve("bin/lib/common.sh");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". \"$1\" && drift_find_jdk", "bash", common.toString());
        Map<String, String> env = pb.environment();
        env.remove("JAVA_HOME");
        if (javaHome != null) {
            env.put("JAVA_HOME", javaHome.toString());
        }
        env.put("DRIFT_JDK_DIRS", dirs);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out, err);
    }

    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bin/lib/common.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("bin/lib/common.sh not found above " + Path.of("").toAbsolutePath());
    }
}
