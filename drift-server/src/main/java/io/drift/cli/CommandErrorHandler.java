package io.drift.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports an exception thrown by a command as one line, {@code drift: <message>}, on the command's
 * error stream and turns it into exit code {@value #EXIT_FAILURE}. The full stack trace is printed
 * as well when {@code --verbose}/{@code -v} was given on any command of the invocation or the
 * environment variable {@value #DEBUG_ENV} is {@code 1}.
 *
 * <p>Usage errors never reach this handler: picocli reports them with the usage message and exit
 * code 2.
 */
public final class CommandErrorHandler implements IExecutionExceptionHandler {

    /** Exit code of a command that failed with an exception. */
    public static final int EXIT_FAILURE = 1;

    /** Environment variable that turns on stack traces, like {@code --verbose}. */
    public static final String DEBUG_ENV = "DRIFT_DEBUG";

    private final Map<String, String> environment;

    /** A handler that reads {@value #DEBUG_ENV} from the process environment. */
    public CommandErrorHandler() {
        this(System.getenv());
    }

    /** A handler that reads {@value #DEBUG_ENV} from {@code environment} (for tests). */
    public CommandErrorHandler(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getColorScheme().errorText("drift: " + describe(ex)));
        if (verbose(parseResult)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return EXIT_FAILURE;
    }

    /** The exception's message, or its type when it has none, followed by its causes' messages. */
    static String describe(Throwable ex) {
        StringBuilder sb = new StringBuilder(messageOf(ex));
        Throwable cause = ex.getCause();
        while (cause != null && cause != ex) {
            String causeMessage = messageOf(cause);
            if (!sb.toString().contains(causeMessage)) {
                sb.append(": ").append(causeMessage);
            }
            ex = cause;
            cause = cause.getCause();
        }
        return sb.toString();
    }

    private static String messageOf(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    private boolean verbose(ParseResult parseResult) {
        if ("1".equals(environment.get(DEBUG_ENV))) {
            return true;
        }
        for (ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
            if (pr.hasMatchedOption(DriftCli.VERBOSE_OPTION)) {
                return true;
            }
        }
        return false;
    }
}
