package io.drift.cli;

import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code drift} command line. Its subcommands come from the {@link CliExtension}s found on
 * the class path, so modules such as {@code drift-bench} add commands without this module
 * depending on them.
 *
 * <p>Exit codes: 0 on success, 1 when a command fails (reported as {@code drift: <message>} by
 * {@link CommandErrorHandler}), 2 on a usage error (reported by picocli with the usage message).
 */
@Command(
        name = "drift",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersionProvider.class,
        description = "Drift: a drift-aware vector search engine for the JVM.",
        subcommands = {
            HelpCommand.class,
            ServeCommand.class,
            CollectionCommands.Create.class,
            CollectionCommands.Drop.class,
            CollectionCommands.ListCollections.class,
            CollectionCommands.Describe.class,
            IngestCommand.class,
            CollectionCommands.Flush.class,
            SearchCommand.class,
            PointCommands.Get.class,
            PointCommands.Delete.class,
            FilterCommands.Count.class,
            FilterCommands.Scroll.class,
            PayloadCommands.SetPayload.class,
            PayloadCommands.DeletePayload.class,
            FilterCommands.CreateIndex.class,
            FilterCommands.DropIndex.class,
            SegmentCommand.class,
        },
        footer = {"", "Run 'drift COMMAND --help' for more information on a command."})
public final class DriftCli implements Runnable {

    /** Name of the option that adds stack traces to error reports; every command accepts it. */
    public static final String VERBOSE_OPTION = "--verbose";

    @Spec
    private CommandSpec spec;

    // Read by CommandErrorHandler from the parse result, so it also works on subcommands.
    @Option(
            names = {"-v", VERBOSE_OPTION},
            scope = ScopeType.INHERIT,
            description = "Print the full stack trace when a command fails (or set DRIFT_DEBUG=1).")
    private boolean verbose;

    /** Runs {@code drift} with {@code args} and exits the JVM with the command's exit code. */
    public static void main(String[] args) {
        CliLogging.configure();
        System.exit(commandLine().execute(args));
    }

    /**
     * The {@code drift} command line with every {@link CliExtension} on the class path registered
     * and errors reported by {@link CommandErrorHandler}.
     */
    public static CommandLine commandLine() {
        CommandLine root = new CommandLine(new DriftCli());
        for (CliExtension extension : ServiceLoader.load(CliExtension.class)) {
            extension.register(root);
        }
        // After registration: picocli applies the handler to the subcommands present now.
        root.setExecutionExceptionHandler(new CommandErrorHandler());
        shareVersion(root);
        return root;
    }

    /** Gives every command without a version of its own the {@code drift} version, for {@code -V}. */
    private static void shareVersion(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        if (spec.version().length == 0 && spec.versionProvider() == null) {
            spec.versionProvider(new ManifestVersionProvider());
        }
        for (CommandLine sub : command.getSubcommands().values()) {
            shareVersion(sub);
        }
    }

    /** {@code drift} without a command is a usage error. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required command");
    }
}
