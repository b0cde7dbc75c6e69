package io.drift.cli;

import picocli.CommandLine;

/**
 * Contributes subcommands to the {@code drift} command line from another module.
 *
 * <p>Implementations are discovered with {@link java.util.ServiceLoader}: a module lists its
 * implementation in {@code META-INF/services/io.drift.cli.CliExtension}, so {@code drift-server}
 * never depends on the modules that extend it (for example {@code drift-bench} adds
 * {@code drift bench}). Implementations need a public no-argument constructor.
 */
public interface CliExtension {

    /**
     * Adds this extension's commands to the root {@code drift} command, typically with
     * {@code root.addSubcommand(new SomeCommand())}. Called once per {@link CommandLine} built by
     * {@link DriftCli#commandLine()}.
     *
     * @param root the top-level {@code drift} command line
     */
    void register(CommandLine root);
}
