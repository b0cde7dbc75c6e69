package io.drift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class DriftCliTest {

    /** Runs a command line in-process, capturing what it prints. */
    private record Run(int exitCode, String out, String err) {
        static Run of(CommandLine cl, String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            return new Run(code, out.toString(), err.toString());
        }
    }

    @Command(name = "fail", mixinStandardHelpOptions = true, description = "Always fails.")
    static final class FailingCommand implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("index is corrupt", new java.io.IOException("checksum mismatch"));
        }
    }

    private static CommandLine withFailingCommand(Map<String, String> env) {
        CommandLine cl = new CommandLine(new DriftCli());
        cl.addSubcommand(new FailingCommand());
        cl.setExecutionExceptionHandler(new CommandErrorHandler(env));
        return cl;
    }

    @Test
    void helpListsCommandsAndExitsZero() {
        Run run = Run.of(new CommandLine(new DriftCli()), "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("Usage: drift"), run.out());
        assertTrue(run.out().contains("--version"), run.out());
        assertTrue(run.out().contains("--verbose"), run.out());
        assertTrue(run.out().contains("Commands:"), run.out());
        assertTrue(run.out().contains("help"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void versionNamesDriftAndJava() {
        Run run = Run.of(new CommandLine(new DriftCli()), "--version");
        assertEquals(0, run.exitCode());
        // Tests run from classes, not from the jar, so there is no manifest version.
        assertTrue(run.out().startsWith("drift " + ManifestVersionProvider.UNKNOWN_VERSION), run.out());
        assertTrue(run.out().contains("Java " + Runtime.version()), run.out());
    }

    @Test
    void unknownCommandIsUsageError() {
        Run run = Run.of(new CommandLine(new DriftCli()), "no-such-command");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no-such-command"), run.err());
        // picocli prints the usage, or suggestions when a command's name is close ("search")
        assertTrue(run.err().contains("Usage: drift") || run.err().contains("Did you mean: drift"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void missingCommandIsUsageError() {
        Run run = Run.of(new CommandLine(new DriftCli()));
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Missing required command"), run.err());
    }

    @Test
    void commandLineFactoryBuildsAWorkingRoot() {
        Run run = Run.of(DriftCli.commandLine(), "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("Usage: drift"), run.out());
    }

    @Test
    void failingCommandPrintsOneLineAndExitsOne() {
        Run run = Run.of(withFailingCommand(Map.of()), "fail");
        assertEquals(1, run.exitCode());
        assertEquals("drift: index is corrupt: checksum mismatch", run.err().strip());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void verboseAddsStackTraceOnSubcommand() {
        Run run = Run.of(withFailingCommand(Map.of()), "fail", "--verbose");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("drift: index is corrupt"), run.err());
        assertTrue(run.err().contains("\tat "), run.err());
    }

    @Test
    void verboseBeforeTheCommandAlsoWorks() {
        Run run = Run.of(withFailingCommand(Map.of()), "-v", "fail");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("\tat "), run.err());
    }

    @Test
    void debugEnvironmentAddsStackTrace() {
        Run run = Run.of(withFailingCommand(Map.of(CommandErrorHandler.DEBUG_ENV, "1")), "fail");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("IllegalStateException"), run.err());
        assertTrue(run.err().contains("\tat "), run.err());
    }

    @Test
    void subcommandHasHelp() {
        Run run = Run.of(withFailingCommand(Map.of()), "fail", "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("Usage: drift fail"), run.out());
    }

    @Test
    void logFormatIsOneLine() {
        ZonedDateTime time = ZonedDateTime.of(2026, 11, 24, 10, 0, 0, 0, ZoneId.of("UTC"));
        String line = String.format(
                CliLogging.ONE_LINE_FORMAT, time, "source", "io.drift.vector", "INFO", "message", "");
        assertEquals("2026-11-24 10:00:00 INFO io.drift.vector: message" + System.lineSeparator(), line);
    }
}
