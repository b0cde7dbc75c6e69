package io.drift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.server.ServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where {@code drift serve} takes its settings from: options, then environment, then file, then defaults. */
class ServeCommandTest {

    @TempDir
    Path tmp;

    private static ServeCommand parse(String... args) {
        ServeCommand cmd = new ServeCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd;
    }

    @Test
    void noOptionsMeansTheDefaults() throws Exception {
        ServerSettings s = parse().settings(Map.of());
        assertEquals(ServerSettings.defaults(), s);
        assertEquals(Path.of("drift-data"), s.dataDir());
        assertEquals("127.0.0.1", s.bind());
        assertEquals(7600, s.port());
        assertNull(s.apiKey());
        assertEquals(ServerSettings.NO_METRICS, s.metricsPort());
    }

    @Test
    void optionsBeatTheEnvironmentWhichBeatsTheFile() throws Exception {
        Path config = tmp.resolve("drift.properties");
        Files.writeString(config, """
                data = /srv/drift
                port = 7700
                api-key = from-file
                metrics-port = 9100
                drain-seconds = 2.5
                tls-cert = server.crt
                tls-key = server.key
                """);
        ServerSettings fileOnly = parse("--config", config.toString()).settings(Map.of());
        assertEquals(Path.of("/srv/drift"), fileOnly.dataDir());
        assertEquals(7700, fileOnly.port());
        assertEquals("from-file", fileOnly.apiKey());
        assertEquals(9100, fileOnly.metricsPort());
        assertEquals(Duration.ofMillis(2500), fileOnly.drainTimeout());
        assertEquals(Path.of("server.key"), fileOnly.tlsKey());

        assertEquals("from-env", parse("--config", config.toString())
                .settings(Map.of("DRIFT_API_KEY", "from-env")).apiKey());
        ServerSettings flags = parse("--config", config.toString(), "--api-key", "from-flag", "--port", "0",
                "--data", "here").settings(Map.of("DRIFT_API_KEY", "from-env"));
        assertEquals("from-flag", flags.apiKey());
        assertEquals(0, flags.port());
        assertEquals(Path.of("here"), flags.dataDir());
    }

    @Test
    void badSettingsAreClearErrors() throws Exception {
        Path config = tmp.resolve("bad.properties");
        Files.writeString(config, "prot = 7600\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("--config", config.toString()).settings(Map.of()));
        assertTrue(e.getMessage().contains("unknown setting 'prot'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--bind", "0.0.0.0").settings(Map.of()));
        assertTrue(e.getMessage().contains("--insecure"), e.getMessage());
        parse("--bind", "0.0.0.0", "--insecure").settings(Map.of());
        parse("--bind", "0.0.0.0").settings(Map.of("DRIFT_API_KEY", "k"));
        e = assertThrows(IllegalArgumentException.class, () -> parse("--tls-cert", "a.pem").settings(Map.of()));
        assertTrue(e.getMessage().contains("--tls-key"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--port", "70000").settings(Map.of()));
        assertTrue(e.getMessage().contains("65535"), e.getMessage());
    }
}
